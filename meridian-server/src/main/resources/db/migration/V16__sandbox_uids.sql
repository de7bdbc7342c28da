-- The unprivileged uid each tenant's instances run as on the local backend (200000 + n, n from 1): stored, so that a
-- tenant keeps its uid (and the files its instances wrote) across restarts, and no two tenants ever share one.
-- No foreign key: a row outlives its tenant, so that a deleted tenant's uid (which may still own files) is never reused.
CREATE TABLE sandbox_uids (
    tenant_id  VARCHAR(40) NOT NULL PRIMARY KEY,
    uid        INTEGER     NOT NULL UNIQUE,
    created_at TIMESTAMP   NOT NULL
);
