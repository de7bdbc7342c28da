package io.meridian.server.iam;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A captured signed request cannot be sent again (its nonce is remembered in the database for the signature's validity
 * window), and a client that retries a write with an {@code Idempotency-Key} gets the first answer instead of a second
 * write.
 */
class ReplayApiTest
        extends IamTestSupport
{
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aSignedWriteSentTwiceRunsOnceAndTheReplayIsRefused()
            throws Exception
    {
        User user = newUser(admin);
        JsonNode key = user.client().post("/api/v1/access-keys", body()).json();
        String requestBody = "{\"description\":\"made by a script\"}";
        String nonce = UUID.randomUUID().toString();
        Instant now = Instant.now();
        String authorization = AccessKeyApiTest.authorization(key.path("id").asString(), now, nonce,
                AccessKeyApiTest.signature(key.path("secretAccessKey").asString(), "POST", "/api/v1/access-keys", requestBody, now, nonce));

        HttpResponse<String> first = send("POST", "/api/v1/access-keys", requestBody, Map.of("Authorization", authorization));
        HttpResponse<String> replay = send("POST", "/api/v1/access-keys", requestBody, Map.of("Authorization", authorization));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(JSON.readTree(replay.body()).path("code").asString()).isEqualTo("auth.signature.replayed");
        assertThat(user.client().get("/api/v1/access-keys").json().path("total").asLong()).isEqualTo(2);
        // remembered in the database, so a restarted server or another one refuses it too
        assertThat(jdbc.sql("SELECT COUNT(*) FROM request_nonces WHERE access_key_id = ? AND nonce = ?").params(key.path("id").asString(), nonce)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aSignatureWithoutANonceIsRefusedWithItsOwnCode()
            throws Exception
    {
        User user = newUser(admin);
        JsonNode key = user.client().post("/api/v1/access-keys", body()).json();
        Instant now = Instant.now();
        String withoutNonce = "MERIDIAN-HMAC-SHA256 Credential=" + key.path("id").asString() + ", Timestamp=" + now.getEpochSecond() + ", Signature=00";

        HttpResponse<String> refused = send("GET", "/api/v1/me", "", Map.of("Authorization", withoutNonce));

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(refused.body()).path("code").asString()).isEqualTo("auth.signature.malformed");
    }

    @Test
    void expiredNoncesAreForgotten()
            throws Exception
    {
        User user = newUser(admin);
        JsonNode key = user.client().post("/api/v1/access-keys", body()).json();
        String id = key.path("id").asString();
        jdbc.sql("INSERT INTO request_nonces (access_key_id, nonce, expires_at) VALUES (?, ?, ?)")
                .params(id, "old-nonce-long-enough", OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1))
                .update();
        String nonce = UUID.randomUUID().toString();
        Instant now = Instant.now();

        HttpResponse<String> me = send("GET", "/api/v1/me", "", Map.of("Authorization",
                AccessKeyApiTest.authorization(id, now, nonce, AccessKeyApiTest.signature(key.path("secretAccessKey").asString(), "GET", "/api/v1/me", "", now, nonce))));

        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT nonce FROM request_nonces WHERE access_key_id = ?").param(id).query(String.class).list()).containsExactly(nonce);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheFirstAnswerWithoutASecondWrite()
            throws Exception
    {
        String idempotencyKey = UUID.randomUUID().toString();
        String name = unique("idem");
        String requestBody = JSON.writeValueAsString(body("name", name, "description", "once"));

        HttpResponse<String> first = send("POST", "/api/v1/user-groups", requestBody, bearer(idempotencyKey));
        HttpResponse<String> retry = send("POST", "/api/v1/user-groups", requestBody, bearer(idempotencyKey));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(admin.get("/api/v1/user-groups?q=" + name).json().path("total").asLong()).isEqualTo(1);
    }

    @Test
    void theSameIdempotencyKeyWithADifferentBodyIsRefused()
            throws Exception
    {
        String idempotencyKey = UUID.randomUUID().toString();
        String name = unique("idem");

        HttpResponse<String> first = send("POST", "/api/v1/user-groups", JSON.writeValueAsString(body("name", name)), bearer(idempotencyKey));
        HttpResponse<String> different = send("POST", "/api/v1/user-groups", JSON.writeValueAsString(body("name", name + "x")), bearer(idempotencyKey));

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(different.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(different.body()).path("code").asString()).isEqualTo("idempotency.key.reused");
        assertThat(admin.get("/api/v1/user-groups?q=" + name + "x").json().path("total").asLong()).isZero();
    }

    @Test
    void idempotencyKeysBelongToTheirPrincipal()
            throws Exception
    {
        String idempotencyKey = UUID.randomUUID().toString();
        Tenant other = newTenant();
        String name = unique("idem");
        String requestBody = JSON.writeValueAsString(body("name", name));

        HttpResponse<String> mine = send("POST", "/api/v1/user-groups", requestBody, bearer(idempotencyKey));
        HttpResponse<String> theirs = send("POST", "/api/v1/user-groups", requestBody, Map.of("Authorization", "Bearer " + other.main().token(), "Idempotency-Key", idempotencyKey));

        assertThat(mine.statusCode()).isEqualTo(201);
        assertThat(theirs.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(theirs.body()).path("id").asString()).isNotEqualTo(JSON.readTree(mine.body()).path("id").asString());
    }

    @Test
    void aMalformedIdempotencyKeyIsRefused()
            throws Exception
    {
        HttpResponse<String> refused = send("POST", "/api/v1/user-groups", JSON.writeValueAsString(body("name", unique("idem"))), bearer("has spaces"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("code").asString()).isEqualTo("idempotency.key.invalid");
    }

    private Map<String, String> bearer(String idempotencyKey)
    {
        return Map.of("Authorization", "Bearer " + admin.token(), "Idempotency-Key", idempotencyKey);
    }

    private HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException
    {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
