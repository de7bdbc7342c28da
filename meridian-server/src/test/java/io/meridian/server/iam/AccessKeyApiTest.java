package io.meridian.server.iam;

import io.meridian.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

class AccessKeyApiTest
        extends IamTestSupport
{
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String NONCE = "tampered-body-nonce-1";

    @Test
    void aNewKeyShowsItsSecretOnceAndIsStoredEncrypted()
    {
        User user = newUser(admin);

        ApiClient.Response created = user.client().post("/api/v1/access-keys", body("description", "CI pipeline"));
        ApiClient.Response listed = user.client().get("/api/v1/access-keys");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.text("id")).matches("AK[A-Z0-9]{20}");
        String secret = created.text("secretAccessKey");
        assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
        assertThat(created.json().path("enabled").asBoolean()).isTrue();
        assertThat(listed.json().path("total").asLong()).isEqualTo(1);
        assertThat(listed.json().path("items").get(0).path("description").asString()).isEqualTo("CI pipeline");
        assertThat(listed.raw()).doesNotContain(secret).doesNotContain("secret");
        String stored = jdbc.sql("SELECT secret_enc FROM access_keys WHERE id = ?").param(created.text("id")).query(String.class).single();
        assertThat(stored).startsWith("v1:").doesNotContain(secret);
    }

    @Test
    void aUserMayHoldAtMostFiveKeys()
    {
        User user = newUser(admin);
        for (int i = 0; i < 5; i++) {
            assertThat(user.client().post("/api/v1/access-keys", body()).status()).isEqualTo(201);
        }

        ApiClient.Response sixth = user.client().post("/api/v1/access-keys", body());

        assertThat(sixth.status()).isEqualTo(409);
        assertThat(sixth.text("code")).isEqualTo("access-key.limit");
        assertThat(user.client().post("/api/v1/access-keys", body("description", "d".repeat(101))).fieldErrors()).containsExactly("description:validation.max-length");
    }

    @Test
    void aSignedRequestActsAsTheKeysOwner()
    {
        User user = newUser(admin);
        JsonNode key = user.client().post("/api/v1/access-keys", body()).json();

        HttpResponse<String> me = signed("GET", "/api/v1/me", "", key.path("id").asString(), key.path("secretAccessKey").asString(), Instant.now());
        HttpResponse<String> withQuery = signed("GET", "/api/v1/users?q=" + user.username() + "&size=5", "", key.path("id").asString(),
                key.path("secretAccessKey").asString(), Instant.now());
        HttpResponse<String> withBody = signed("POST", "/api/v1/access-keys", "{\"description\":\"made by a script\"}", key.path("id").asString(),
                key.path("secretAccessKey").asString(), Instant.now());

        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(JSON.readTree(me.body()).path("username").asString()).isEqualTo(user.username());
        assertThat(withQuery.statusCode()).as(withQuery.body()).isEqualTo(200);
        assertThat(JSON.readTree(withQuery.body()).path("total").asLong()).isEqualTo(1);
        assertThat(withBody.statusCode()).as(withBody.body()).isEqualTo(201);
        assertThat(user.client().get("/api/v1/access-keys").json().path("items").get(1).path("lastUsedAt").isNull()).isFalse();
    }

    @Test
    void signedReadsWithinAMinuteDoNotWriteTheKeysLastUse()
    {
        User user = newUser(admin);
        JsonNode key = user.client().post("/api/v1/access-keys", body()).json();
        String id = key.path("id").asString();
        String secret = key.path("secretAccessKey").asString();

        assertThat(signed("GET", "/api/v1/me", "", id, secret, Instant.now()).statusCode()).isEqualTo(200);
        Object firstUse = jdbc.sql("SELECT last_used_at FROM access_keys WHERE id = ?").param(id).query().singleValue();
        assertThat(signed("GET", "/api/v1/me", "", id, secret, Instant.now()).statusCode()).isEqualTo(200);
        Object secondUse = jdbc.sql("SELECT last_used_at FROM access_keys WHERE id = ?").param(id).query().singleValue();

        // a write per signed GET would make every read a durable commit; a minute's precision is what the console shows
        assertThat(firstUse).isNotNull().isEqualTo(secondUse);
    }

    @Test
    void aWrongSignatureATamperedBodyAStaleTimestampOrADisabledKeyIsRefused()
    {
        User user = newUser(admin);
        JsonNode key = user.client().post("/api/v1/access-keys", body()).json();
        String id = key.path("id").asString();
        String secret = key.path("secretAccessKey").asString();

        HttpResponse<String> wrongSecret = signed("GET", "/api/v1/me", "", id, secret + "x", Instant.now());
        HttpResponse<String> stale = signed("GET", "/api/v1/me", "", id, secret, Instant.now().minusSeconds(600));
        HttpResponse<String> tampered = send("POST", "/api/v1/access-keys", "{\"description\":\"changed\"}",
                authorization(id, Instant.now(), NONCE, signature(secret, "POST", "/api/v1/access-keys", "{\"description\":\"signed\"}", Instant.now(), NONCE)));
        ApiClient.Response disabled = user.client().put("/api/v1/access-keys/" + id, body("enabled", false, "version", 0));
        HttpResponse<String> afterDisabling = signed("GET", "/api/v1/me", "", id, secret, Instant.now());

        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(tampered.statusCode()).isEqualTo(401);
        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
        assertThat(disabled.json().path("enabled").asBoolean()).isFalse();
        assertThat(afterDisabling.statusCode()).isEqualTo(401);
        assertThat(user.client().put("/api/v1/access-keys/" + id, body("enabled", true, "version", 0)).text("code")).isEqualTo("conflict.version");
    }

    @Test
    void aDeletedKeyNoLongerSigns()
    {
        User user = newUser(admin);
        JsonNode key = user.client().post("/api/v1/access-keys", body()).json();

        assertThat(user.client().delete("/api/v1/access-keys/" + key.path("id").asString()).status()).isEqualTo(204);

        assertThat(signed("GET", "/api/v1/me", "", key.path("id").asString(), key.path("secretAccessKey").asString(), Instant.now()).statusCode()).isEqualTo(401);
        assertThat(user.client().get("/api/v1/access-keys").json().path("total").asLong()).isZero();
    }

    @Test
    void keysAreTheirOwnersOnlyEvenForIamAdminsAndOtherTenants()
    {
        Tenant tenant = newTenant();
        User owner = newUser(tenant.main());
        String id = owner.client().post("/api/v1/access-keys", body()).text("id");
        Tenant other = newTenant();

        for (ApiClient stranger : java.util.List.of(tenant.main(), other.main(), newUser(tenant.main()).client())) {
            assertThat(stranger.put("/api/v1/access-keys/" + id, body("enabled", false, "version", 0)).status()).isEqualTo(404);
            assertThat(stranger.delete("/api/v1/access-keys/" + id).status()).isEqualTo(404);
            assertThat(stranger.get("/api/v1/access-keys").raw()).doesNotContain(id);
        }
        assertThat(owner.client().get("/api/v1/access-keys").raw()).contains(id);
    }

    /** A signed request with a nonce of its own, as every client sends. */
    private HttpResponse<String> signed(String method, String pathWithQuery, String body, String accessKeyId, String secret, Instant timestamp)
    {
        String nonce = UUID.randomUUID().toString();
        return send(method, pathWithQuery, body, authorization(accessKeyId, timestamp, nonce, signature(secret, method, pathWithQuery, body, timestamp, nonce)));
    }

    static String authorization(String accessKeyId, Instant timestamp, String nonce, String signature)
    {
        return "MERIDIAN-HMAC-SHA256 Credential=" + accessKeyId + ", Timestamp=" + timestamp.getEpochSecond() + ", Nonce=" + nonce + ", Signature=" + signature;
    }

    /** docs/api.md: HMAC-SHA256 with the secret over METHOD \n path-with-query \n timestamp \n nonce \n hex(sha256(body)). */
    static String signature(String secret, String method, String pathWithQuery, String body, Instant timestamp, String nonce)
    {
        try {
            String bodyHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
            String canonical = method + "\n" + pathWithQuery + "\n" + timestamp.getEpochSecond() + "\n" + nonce + "\n" + bodyHash;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        }
        catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(String method, String pathWithQuery, String body, String authorization)
    {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathWithQuery))
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/json")
                    .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
