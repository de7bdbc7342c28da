package io.meridian.server.platform.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Reads a bearer token or an access-key signature and, when valid, puts the {@link Principal} in the security
 * context. Requests without valid credentials go on unauthenticated, and the security rules answer 401.
 */
final class CredentialsFilter
        extends OncePerRequestFilter
{
    static final String SIGNATURE_SCHEME = "MERIDIAN-HMAC-SHA256 ";
    /** The request attribute naming why credentials were refused, for the 401's problem code. */
    static final String REFUSAL = CredentialsFilter.class.getName() + ".refusal";

    private final Authenticator authenticator;

    CredentialsFilter(Authenticator authenticator)
    {
        this.authenticator = requireNonNull(authenticator, "authenticator is null");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException
    {
        String header = request.getHeader("Authorization");
        HttpServletRequest forwarded = request;
        Optional<Principal> principal = Optional.empty();
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            principal = authenticator.authenticateToken(header.substring(7).trim());
        }
        else if (header != null && header.startsWith(SIGNATURE_SCHEME)) {
            CachedBodyRequest cached = new CachedBodyRequest(request);
            forwarded = cached;
            Optional<Authenticator.SignedRequest> signed = parseSignature(header.substring(SIGNATURE_SCHEME.length()), request, cached.body());
            if (signed.isEmpty()) {
                request.setAttribute(REFUSAL, "auth.signature.malformed");
            }
            try {
                principal = signed.flatMap(authenticator::authenticateSignature);
            }
            catch (Authenticator.Refused e) {
                request.setAttribute(REFUSAL, e.code());
            }
        }
        principal.ifPresent(value -> SecurityContextHolder.getContext().setAuthentication(new PrincipalAuthentication(value)));
        chain.doFilter(forwarded, response);
    }

    private static Optional<Authenticator.SignedRequest> parseSignature(String parameters, HttpServletRequest request, byte[] body)
    {
        Map<String, String> values = new HashMap<>();
        for (String part : parameters.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2) {
                values.put(pair[0].trim(), pair[1].trim());
            }
        }
        String credential = values.get("Credential");
        String timestamp = values.get("Timestamp");
        String nonce = values.get("Nonce");
        String signature = values.get("Signature");
        if (credential == null || timestamp == null || nonce == null || signature == null) {
            return Optional.empty();
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        }
        catch (NumberFormatException e) {
            return Optional.empty();
        }
        String path = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        return Optional.of(new Authenticator.SignedRequest(credential, seconds, nonce, signature, request.getMethod(), path, body));
    }
}
