-- My datasets (我的数据集): basic datasets (基础数据集) and annotated datasets (标注数据集), one row per version. The
-- files live in the object store under datasets/<id>/ (files/ as imported, rows/ the validated rows of text templates);
-- these tables hold what is known about them, each import's outcome and per-row report, online annotation, share tokens.
CREATE TABLE datasets (
    id               VARCHAR(40) PRIMARY KEY,
    tenant_id        VARCHAR(40) NOT NULL,
    workspace_id     VARCHAR(40) NOT NULL,
    owner_id         VARCHAR(40) NOT NULL,
    kind             VARCHAR(16) NOT NULL,
    name             VARCHAR(100) NOT NULL,
    dataset_version  VARCHAR(32) NOT NULL,
    description      VARCHAR(1000),
    data_type        VARCHAR(16),
    template         VARCHAR(32),
    storage_type     VARCHAR(16) NOT NULL,
    storage_path     VARCHAR(1000),
    visibility       VARCHAR(16) NOT NULL,
    confidential     BOOLEAN NOT NULL DEFAULT FALSE,
    status           VARCHAR(24) NOT NULL,
    published        BOOLEAN NOT NULL DEFAULT FALSE,
    row_count        BIGINT NOT NULL DEFAULT 0,
    file_count       INTEGER NOT NULL DEFAULT 0,
    size_bytes       BIGINT NOT NULL DEFAULT 0,
    row_files        INTEGER NOT NULL DEFAULT 0,
    source_dataset_id VARCHAR(40),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    version          BIGINT NOT NULL DEFAULT 0,
    UNIQUE (tenant_id, kind, name, dataset_version)
);
CREATE INDEX datasets_list ON datasets (tenant_id, workspace_id, kind, created_at);

-- One import into a dataset: its source, its outcome, and when it failed, why (error_code) or which rows (below).
CREATE TABLE dataset_imports (
    id               VARCHAR(40) PRIMARY KEY,
    tenant_id        VARCHAR(40) NOT NULL,
    dataset_id       VARCHAR(40) NOT NULL,
    source           VARCHAR(16) NOT NULL,
    source_url       VARCHAR(2048),
    status           VARCHAR(24) NOT NULL,
    file_count       INTEGER NOT NULL DEFAULT 0,
    duplicate_count  INTEGER NOT NULL DEFAULT 0,
    row_count        BIGINT NOT NULL DEFAULT 0,
    error_count      BIGINT NOT NULL DEFAULT 0,
    error_code       VARCHAR(100),
    error_args       VARCHAR(2000),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at      TIMESTAMP WITH TIME ZONE
);
CREATE INDEX dataset_imports_dataset ON dataset_imports (dataset_id, created_at);

-- The per-row report of a failed import: the first rows in error (file, line, field, rule), rendered in the reader's
-- language when read.
CREATE TABLE dataset_import_errors (
    import_id        VARCHAR(40) NOT NULL,
    seq              INTEGER NOT NULL,
    file_name        VARCHAR(1024) NOT NULL,
    line_no          BIGINT NOT NULL,
    field            VARCHAR(200) NOT NULL,
    rule             VARCHAR(100) NOT NULL,
    args             VARCHAR(2000) NOT NULL,
    PRIMARY KEY (import_id, seq)
);

-- Online annotation: a row's edited content (replacing the imported one), its one label, and the ranking orders.
CREATE TABLE dataset_annotations (
    dataset_id       VARCHAR(40) NOT NULL,
    row_index        BIGINT NOT NULL,
    content          VARCHAR(100000),
    label            VARCHAR(100),
    relevance_order  VARCHAR(40),
    safety_order     VARCHAR(40),
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (dataset_id, row_index)
);

-- Share tokens (口令): only the token's SHA-256 is kept; expires_at NULL is permanent.
CREATE TABLE dataset_shares (
    token_hash       VARCHAR(64) PRIMARY KEY,
    tenant_id        VARCHAR(40) NOT NULL,
    dataset_id       VARCHAR(40) NOT NULL,
    created_by       VARCHAR(40) NOT NULL,
    expires_at       TIMESTAMP WITH TIME ZONE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX dataset_shares_dataset ON dataset_shares (dataset_id);
