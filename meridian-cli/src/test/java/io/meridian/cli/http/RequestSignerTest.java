package io.meridian.cli.http;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class RequestSignerTest
{
    private static final String SECRET = "test-secret-key";
    private static final long TIMESTAMP = 1_700_000_000L;
    private static final String NONCE = "0123456789abcdef0123456789abcdef";

    @Test
    void signsMethodPathQueryTimestampNonceAndBodyHashAsDocumented()
            throws Exception
    {
        byte[] body = "{\"name\":\"demo\"}".getBytes(StandardCharsets.UTF_8);
        String canonical = "POST\n/api/v1/workspaces?page=2&size=20\n" + TIMESTAMP + "\n" + NONCE + "\n"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));

        assertThat(RequestSigner.signature(SECRET, "POST", "/api/v1/workspaces?page=2&size=20", TIMESTAMP, NONCE, body)).isEqualTo(expected);
        // The same vector computed outside Java (Python's hmac module), so that both sides cannot share one mistake.
        assertThat(expected).isEqualTo("e5f76b3d57e78554318bc276afd048476d560bdafbdc48a7be0bdd4de98ed884");
    }

    @Test
    void anEmptyBodyIsSignedAsTheHashOfNoBytes()
    {
        assertThat(RequestSigner.signature(SECRET, "GET", "/api/v1/me", TIMESTAMP, NONCE, new byte[0]))
                .isEqualTo("7c4145984be9892b8a28c4a8ed2e11ee18478d8bfb63d3704a26ab30b3a49c14");
    }

    @Test
    void theHeaderNamesKeyTimestampNonceAndSignature()
    {
        String header = new RequestSigner("AKEXAMPLE", SECRET).authorization("GET", "/api/v1/me", TIMESTAMP, NONCE, new byte[0]);

        assertThat(header).isEqualTo("MERIDIAN-HMAC-SHA256 Credential=AKEXAMPLE, Timestamp=1700000000, Nonce=" + NONCE + ", "
                + "Signature=7c4145984be9892b8a28c4a8ed2e11ee18478d8bfb63d3704a26ab30b3a49c14");
    }

    @Test
    void everySignedPartChangesTheSignature()
    {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String base = RequestSigner.signature(SECRET, "POST", "/api/v1/x?a=1", TIMESTAMP, NONCE, body);

        assertThat(RequestSigner.signature(SECRET, "PUT", "/api/v1/x?a=1", TIMESTAMP, NONCE, body)).isNotEqualTo(base);
        assertThat(RequestSigner.signature(SECRET, "POST", "/api/v1/x?a=2", TIMESTAMP, NONCE, body)).isNotEqualTo(base);
        assertThat(RequestSigner.signature(SECRET, "POST", "/api/v1/x?a=1", TIMESTAMP + 1, NONCE, body)).isNotEqualTo(base);
        assertThat(RequestSigner.signature(SECRET, "POST", "/api/v1/x?a=1", TIMESTAMP, NONCE + "0", body)).isNotEqualTo(base);
        assertThat(RequestSigner.signature(SECRET, "POST", "/api/v1/x?a=1", TIMESTAMP, NONCE, "[]".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(base);
        assertThat(RequestSigner.signature("other", "POST", "/api/v1/x?a=1", TIMESTAMP, NONCE, body)).isNotEqualTo(base);
    }

    @Test
    void everyRequestGetsANewNonceTheServerAccepts()
    {
        String first = RequestSigner.newNonce();

        assertThat(first).matches("[A-Za-z0-9_\\-]{16,64}");
        assertThat(RequestSigner.newNonce()).isNotEqualTo(first);
    }
}
