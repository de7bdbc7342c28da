-- How the server reaches a cluster whose backend runs elsewhere (slurm: slurmrestd's URL, the user jobs run as and that
-- user's JWT). The token is encrypted with the server's secret key (SecretCipher); the database alone cannot read it.
CREATE TABLE cluster_connections (
    cluster_id       VARCHAR(40) PRIMARY KEY REFERENCES clusters (id) ON DELETE CASCADE,
    url              VARCHAR(500) NOT NULL,
    username         VARCHAR(64) NOT NULL,
    token_encrypted  VARCHAR(8000) NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Nodes adopted from a backend (a Slurm node) state their own CPUs, memory and GPUs and follow no node specification.
ALTER TABLE nodes ALTER COLUMN spec_id DROP NOT NULL;
