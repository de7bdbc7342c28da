package io.meridian.server.notification.internal;

import io.meridian.server.notification.internal.DeliveryRepository.Delivery;
import io.meridian.server.platform.crypto.SecretCipher;
import io.meridian.server.platform.net.GuardedHttpClient;
import io.meridian.server.platform.net.GuardedHttpClient.RefusedAddressException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Posts alerts to the user's webhook: {@code {event, subjectKind, subjectId, subjectName, details, time}} as JSON, with
 * {@code X-Meridian-Signature: sha256=<hex HMAC-SHA256 of the body with the user's secret>} when a secret is set, and
 * {@code X-Meridian-Delivery} (stable across retries, for receivers to drop duplicates). Any 2xx answer is success;
 * redirects are not followed, because a redirect could lead past the address check, and the connection goes only to
 * addresses that passed it ({@link GuardedHttpClient}).
 */
@Component
class WebhookChannel
        implements AutoCloseable
{
    static final String SIGNATURE_HEADER = "X-Meridian-Signature";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SecretCipher cipher;
    private final WebhookGuard guard;
    private final Duration timeout;
    private final GuardedHttpClient http;

    WebhookChannel(SecretCipher cipher, NotificationProperties properties)
    {
        this.cipher = requireNonNull(cipher, "cipher is null");
        this.guard = new WebhookGuard(properties.allowPrivateWebhooks());
        this.timeout = properties.webhookTimeout();
        this.http = new GuardedHttpClient(properties.allowPrivateWebhooks(), timeout, timeout);
    }

    void send(Delivery delivery)
    {
        URI uri = guard.requireDeliverable(delivery.target());
        byte[] body = JSON.writeValueAsBytes(payload(delivery));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", "Meridian-Alerts/1");
        headers.put("X-Meridian-Event", delivery.event().name());
        headers.put("X-Meridian-Delivery", delivery.id());
        if (delivery.webhookSecret() != null) {
            headers.put(SIGNATURE_HEADER, signature(cipher.decrypt(delivery.webhookSecret()), body));
        }
        int status;
        try {
            // the body of the answer is not read: closing drops the connection
            status = http.post(uri, headers, "application/json", body, (code, length, answer) -> code);
        }
        catch (RefusedAddressException e) {
            // the host's answer changed since the check above: it is refused just the same
            throw new DeliveryFailure("Refused: " + e.getMessage(), true, e);
        }
        catch (IOException e) {
            throw new DeliveryFailure("Webhook " + uri.getHost() + ": " + e, false, e);
        }
        if (status >= 300 && status < 400) {
            throw new DeliveryFailure("The webhook answered HTTP " + status + " (a redirect); redirects are not followed", true);
        }
        if (status < 200 || status >= 300) {
            throw new DeliveryFailure("The webhook answered HTTP " + status, false);
        }
    }

    @Override
    public void close()
            throws IOException
    {
        http.close();
    }

    static Map<String, Object> payload(Delivery delivery)
    {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", delivery.event().name());
        payload.put("subjectKind", delivery.subjectKind());
        payload.put("subjectId", delivery.subjectId());
        payload.put("subjectName", delivery.subjectName());
        payload.put("details", delivery.details());
        payload.put("time", delivery.occurredAt().toString());
        return payload;
    }

    /** {@code sha256=} and the hex HMAC-SHA256 of the exact body bytes. */
    static String signature(String secret, byte[] body)
    {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
