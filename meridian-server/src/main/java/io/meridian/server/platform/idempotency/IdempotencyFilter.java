package io.meridian.server.platform.idempotency;

import io.meridian.server.platform.api.Problems;
import io.meridian.server.platform.security.CachedBodyRequest;
import io.meridian.server.platform.security.Principal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * {@code Idempotency-Key} on mutating calls, as Stripe has it: the first call with a key runs and its answer (status and
 * body) is kept for {@link #KEEP}; a retry by the same principal with the same key and the same request gets that
 * answer again without running; the same key with a different request is refused. A first call still running makes
 * its retry wait its turn (409); one the server failed (5xx) frees the key, so that a retry runs it.
 */
final class IdempotencyFilter
        extends OncePerRequestFilter
{
    static final String HEADER = "Idempotency-Key";
    static final Duration KEEP = Duration.ofHours(24);
    /** A first call older than this that never answered was lost with its server. */
    private static final Duration ABANDONED = Duration.ofMinutes(10);
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> STREAMED_TYPES = Set.of("application/octet-stream", "application/zip", "application/x-zip-compressed", "application/gzip",
            "application/x-gzip", "application/x-tar", "application/x-gtar");

    private final IdempotencyRepository keys;
    private final Problems problems;
    private final Clock clock;

    IdempotencyFilter(IdempotencyRepository keys, Problems problems, Clock clock)
    {
        this.keys = requireNonNull(keys, "keys is null");
        this.problems = requireNonNull(problems, "problems is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException
    {
        String key = request.getHeader(HEADER);
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (key == null || !MUTATING.contains(request.getMethod()) || authentication == null || !(authentication.getPrincipal() instanceof Principal principal)) {
            chain.doFilter(request, response);
            return;
        }
        if (!KEY.matcher(key).matches()) {
            problems.write(request, response, HttpStatus.BAD_REQUEST, "idempotency.key.invalid", List.of());
            return;
        }
        if (isStreamed(request.getContentType())) {
            // an upload is not held in memory to compare it with its retry
            problems.write(request, response, HttpStatus.BAD_REQUEST, "idempotency.key.upload", List.of());
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        String hash = hash(request, body);
        Instant now = clock.instant();
        if (!keys.claim(principal.userId(), key, hash, now, now.plus(KEEP), now.minus(ABANDONED))) {
            answerFromStore(request, response, principal, key, hash);
            return;
        }
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean completed = false;
        try {
            // the body, read once to hash it, for the controller to read again
            chain.doFilter(new CachedBodyRequest(request, body), recorded);
            if (recorded.getStatus() < 500) {
                byte[] answer = recorded.getContentAsByteArray();
                keys.complete(principal.userId(), key, recorded.getStatus(), recorded.getContentType(), answer.length == 0 ? null : answer);
                completed = true;
            }
        }
        finally {
            if (!completed) {
                keys.release(principal.userId(), key);
            }
            recorded.copyBodyToResponse();
        }
    }

    private void answerFromStore(HttpServletRequest request, HttpServletResponse response, Principal principal, String key, String hash)
            throws IOException
    {
        IdempotencyRepository.Stored stored = keys.find(principal.userId(), key).orElse(null);
        if (stored == null) {
            // released by a failed first call between our claim and this read: the client may simply retry
            problems.write(request, response, HttpStatus.CONFLICT, "idempotency.key.in-progress", List.of());
            return;
        }
        if (!stored.requestHash().equals(hash)) {
            problems.write(request, response, HttpStatus.UNPROCESSABLE_CONTENT, "idempotency.key.reused", List.of());
            return;
        }
        if (stored.status() == 0) {
            problems.write(request, response, HttpStatus.CONFLICT, "idempotency.key.in-progress", List.of());
            return;
        }
        response.setStatus(stored.status());
        response.setHeader("Idempotent-Replayed", "true");
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        if (stored.body() != null) {
            response.setContentLength(stored.body().length);
            response.getOutputStream().write(stored.body());
        }
    }

    private static String hash(HttpServletRequest request, byte[] body)
    {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String target = request.getMethod() + " " + request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString()) + "\n";
            digest.update(target.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(body));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isStreamed(String contentType)
    {
        return contentType != null && STREAMED_TYPES.contains(contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT));
    }
}
