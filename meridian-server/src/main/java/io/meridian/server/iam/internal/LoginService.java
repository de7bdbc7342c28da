package io.meridian.server.iam.internal;

import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.config.MeridianProperties;
import io.meridian.server.platform.security.Principal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Username/password login with back-off: after {@value #FREE_ATTEMPTS} consecutive failures the attempted name is
 * locked for a minute, doubling with each further failure up to an hour. Answers never reveal whether a username
 * exists: failures are counted per attempted name (by its hash) whether or not a user has it, a locked name is refused
 * alike, and an unknown name costs one password check against a dummy hash, as long as a known one takes.
 */
@Service
class LoginService
{
    static final int FREE_ATTEMPTS = 5;
    private static final Duration FIRST_LOCK = Duration.ofMinutes(1);
    private static final Duration MAX_LOCK = Duration.ofHours(1);

    private final UserRepository users;
    private final LoginFailureRepository failures;
    private final SessionRepository sessions;
    private final PasswordEncoder passwords;
    private final MeridianProperties properties;
    private final Clock clock;
    // Checked when the username is unknown, so both answers cost one password check and take as long.
    private final String unknownUserHash;

    LoginService(UserRepository users, LoginFailureRepository failures, SessionRepository sessions, PasswordEncoder passwords, MeridianProperties properties,
            Clock clock)
    {
        this.users = requireNonNull(users, "users is null");
        this.failures = requireNonNull(failures, "failures is null");
        this.sessions = requireNonNull(sessions, "sessions is null");
        this.passwords = requireNonNull(passwords, "passwords is null");
        this.properties = requireNonNull(properties, "properties is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.unknownUserHash = passwords.encode(Tokens.newSecret(16));
    }

    record Session(String token, Instant expiresAt, UserRecord user) {}

    // A failed attempt must be counted even though the request is refused, hence no rollback on ApiException.
    @Transactional(noRollbackFor = ApiException.class, propagation = Propagation.REQUIRED)
    Session login(String username, String password)
    {
        Instant now = clock.instant();
        // case variants of one name share its count: "Admin" is not five more guesses at "admin"
        String nameHash = Tokens.sha256Hex(username.toLowerCase(Locale.ROOT));
        LoginFailureRepository.Failures failed = failures.lock(nameHash, now);
        if (failed.lockedUntil() != null && failed.lockedUntil().isAfter(now)) {
            long seconds = Math.max(1, Duration.between(now, failed.lockedUntil()).toSeconds());
            throw ApiException.tooManyRequests("auth.locked", seconds, seconds);
        }
        Optional<UserRecord> found = users.findByUsername(username);
        // the same password check whether or not the user exists: the answer's timing says nothing either
        boolean matches = passwords.matches(password, found.map(UserRecord::passwordHash).orElse(unknownUserHash)) && found.isPresent();
        if (!matches) {
            int count = failed.count() + 1;
            failures.record(nameHash, count, lockUntil(now, count), now);
            throw ApiException.unauthorized("auth.invalid");
        }
        UserRecord user = found.get();
        failures.clear(nameHash);
        if (!user.enabled()) {
            throw ApiException.unauthorized("auth.disabled");
        }
        users.recordSuccessfulLogin(user.id(), now);
        String token = Tokens.newSecret(32);
        Instant expiresAt = now.plus(properties.sessionIdleTimeout());
        sessions.insert(Tokens.sha256Hex(token), user.id(), now, expiresAt);
        return new Session(token, expiresAt, user);
    }

    static Instant lockUntil(Instant now, int failures)
    {
        if (failures < FREE_ATTEMPTS) {
            return null;
        }
        Duration lock = FIRST_LOCK.multipliedBy(1L << Math.min(failures - FREE_ATTEMPTS, 10));
        return now.plus(lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock);
    }

    @Transactional
    void logout(Principal principal, String token)
    {
        sessions.delete(Tokens.sha256Hex(token));
    }
}
