-- Hostile input (issue 8): replayed signatures, retried writes and login attempts remembered across restarts and servers.

-- Each access-key signature's nonce, until the signature's timestamp is too old to be accepted anyway.
CREATE TABLE request_nonces (
    access_key_id  VARCHAR(40) NOT NULL,
    nonce          VARCHAR(64) NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (access_key_id, nonce)
);
CREATE INDEX request_nonces_expiry ON request_nonces (access_key_id, expires_at);

-- Idempotency-Key of a mutating call and the answer it got, per principal, for 24 hours.
-- status_code 0: the first call is still running.
CREATE TABLE idempotency_keys (
    principal_id   VARCHAR(40) NOT NULL,
    idem_key       VARCHAR(255) NOT NULL,
    request_hash   VARCHAR(64) NOT NULL,
    status_code    INTEGER NOT NULL,
    content_type   VARCHAR(200),
    response_body  BYTEA,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (principal_id, idem_key)
);
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (principal_id, expires_at);

-- Failed logins per attempted name (its SHA-256: any length fits), whether or not a user has it, so that lockout
-- reveals nothing.
CREATE TABLE login_failures (
    name_hash      VARCHAR(64) NOT NULL PRIMARY KEY,
    failures       INTEGER NOT NULL,
    locked_until   TIMESTAMP WITH TIME ZONE,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX login_failures_updated ON login_failures (updated_at);
