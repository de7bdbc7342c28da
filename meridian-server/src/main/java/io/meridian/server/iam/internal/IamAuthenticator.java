package io.meridian.server.iam.internal;

import io.meridian.server.platform.config.MeridianProperties;
import io.meridian.server.platform.crypto.SecretCipher;
import io.meridian.server.platform.security.Authenticator;
import io.meridian.server.platform.security.Authenticator.Refused;
import io.meridian.server.platform.security.Principal;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Resolves session tokens and access-key signatures to principals. A session's principal is remembered for a few seconds
 * ({@link PrincipalCache}); an access key's is read on every request, which spends its nonce anyway.
 */
@Component
class IamAuthenticator
        implements Authenticator
{
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** A nonce is new for every request: 16 to 64 letters, digits, hyphens or underscores (a UUID fits). */
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_\\-]{16,64}");

    private final SessionRepository sessions;
    private final PrincipalCache principals;
    private final UserRepository users;
    private final AccessKeyRepository accessKeys;
    private final NonceRepository nonces;
    private final SecretCipher cipher;
    private final MeridianProperties properties;
    private final Clock clock;

    IamAuthenticator(SessionRepository sessions, PrincipalCache principals, UserRepository users, AccessKeyRepository accessKeys, NonceRepository nonces, SecretCipher cipher,
            MeridianProperties properties, Clock clock)
    {
        this.nonces = requireNonNull(nonces, "nonces is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.principals = requireNonNull(principals, "principals is null");
        this.users = requireNonNull(users, "users is null");
        this.accessKeys = requireNonNull(accessKeys, "accessKeys is null");
        this.cipher = requireNonNull(cipher, "cipher is null");
        this.properties = requireNonNull(properties, "properties is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Optional<Principal> authenticateToken(String token)
    {
        Instant now = clock.instant();
        String hash = Tokens.sha256Hex(token);
        Optional<Principal> cached = principals.get(hash, now);
        if (cached.isPresent()) {
            return cached;
        }
        long generation = principals.generation();
        Optional<SessionRepository.LiveSession> session = sessions.findLive(hash, now).filter(live -> live.user().enabled());
        session.filter(live -> live.dueForTouch(now)).ifPresent(live -> sessions.touch(hash, now, now.plus(properties.sessionIdleTimeout())));
        Optional<Principal> principal = session.map(live -> principal(live.user()));
        principal.ifPresent(found -> principals.put(hash, found, now, generation));
        return principal;
    }

    @Override
    public Optional<Principal> authenticateSignature(SignedRequest request)
    {
        Instant now = clock.instant();
        if (!NONCE.matcher(request.nonce()).matches()) {
            throw new Refused("auth.signature.nonce");
        }
        Instant signedAt = Instant.ofEpochSecond(request.timestampSeconds());
        if (Duration.between(signedAt, now).abs().compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new Refused("auth.signature.expired");
        }
        Optional<AccessKeyRepository.AccessKeyRecord> key = accessKeys.find(request.accessKeyId()).filter(AccessKeyRepository.AccessKeyRecord::enabled);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        String expected = sign(cipher.decrypt(key.get().secretEncrypted()), request);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), request.signature().toLowerCase().getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        // only a valid signature spends its nonce: nobody else can use up a key's nonces
        if (!nonces.remember(key.get().id(), request.nonce(), signedAt.plus(MAX_CLOCK_SKEW).plusSeconds(1), now)) {
            throw new Refused("auth.signature.replayed");
        }
        // like a session's last_seen_at: a minute's precision, so that a signed read writes no more than its nonce
        if (key.get().lastUsedAt() == null || key.get().lastUsedAt().isBefore(now.minus(SessionRepository.TOUCH_INTERVAL))) {
            accessKeys.touch(key.get().id(), now);
        }
        return users.findById(key.get().userId()).filter(UserRecord::enabled).map(this::principal);
    }

    /** The signature of docs/api.md: HMAC-SHA256 over method, path with query, timestamp, nonce and the body's SHA-256. */
    static String sign(String secret, SignedRequest request)
    {
        String canonical = request.method() + "\n" + request.pathWithQuery() + "\n" + request.timestampSeconds() + "\n" + request.nonce() + "\n"
                + Tokens.sha256Hex(request.body());
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Principal principal(UserRecord user)
    {
        return new Principal(user.id(), user.username(), user.tenantId(), users.accountRole(user), user.operator());
    }
}
