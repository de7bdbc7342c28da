package io.meridian.server.platform.security;

import java.util.Optional;

/**
 * Turns request credentials into a {@link Principal}. Implemented by the iam feature; the platform's filter calls it
 * for every API request.
 */
public interface Authenticator
{
    /** A console or CLI session token from {@code Authorization: Bearer <token>}. */
    Optional<Principal> authenticateToken(String token);

    /**
     * An access-key signed request; see docs/api.md for what is signed.
     *
     * @throws Refused when the request must be refused with a reason of its own (a replayed nonce) rather than as
     * merely unauthenticated
     */
    Optional<Principal> authenticateSignature(SignedRequest request);

    record SignedRequest(String accessKeyId, long timestampSeconds, String nonce, String signature, String method, String pathWithQuery, byte[] body) {}

    /** A refusal with its own problem code, answered 401 instead of the generic {@code auth.required}. */
    final class Refused
            extends RuntimeException
    {
        private final String code;

        public Refused(String code)
        {
            super(code);
            this.code = code;
        }

        public String code()
        {
            return code;
        }
    }
}
