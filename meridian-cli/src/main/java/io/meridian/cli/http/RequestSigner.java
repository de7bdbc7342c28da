package io.meridian.cli.http;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Access-key request signing of docs/api.md: {@code Authorization: MERIDIAN-HMAC-SHA256 Credential=AK, Timestamp=T,
 * Nonce=N, Signature=hex(HMAC-SHA256(SK, METHOD\npath?query\nT\nN\nhex(sha256(body))))}. The path and query are signed
 * exactly as they travel (percent-encoded), because that is what the server sees. The nonce is new for every request:
 * the server refuses a signature whose nonce it has seen, so a captured request cannot be sent again.
 */
public final class RequestSigner
{
    public static final String SCHEME = "MERIDIAN-HMAC-SHA256";

    private final String accessKey;
    private final String secretKey;

    public RequestSigner(String accessKey, String secretKey)
    {
        this.accessKey = requireNonNull(accessKey, "accessKey is null");
        this.secretKey = requireNonNull(secretKey, "secretKey is null");
    }

    /** The {@code Authorization} header value for one request. */
    public String authorization(String method, String pathWithQuery, long epochSeconds, String nonce, byte[] body)
    {
        return SCHEME + " Credential=" + accessKey + ", Timestamp=" + epochSeconds + ", Nonce=" + nonce + ", Signature="
                + signature(secretKey, method, pathWithQuery, epochSeconds, nonce, body);
    }

    /** A fresh nonce: 32 hex digits of a random UUID. */
    public static String newNonce()
    {
        return UUID.randomUUID().toString().replace("-", "");
    }

    public static String signature(String secretKey, String method, String pathWithQuery, long epochSeconds, String nonce, byte[] body)
    {
        String canonical = method + "\n" + pathWithQuery + "\n" + epochSeconds + "\n" + nonce + "\n" + sha256Hex(body);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    static String sha256Hex(byte[] bytes)
    {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
