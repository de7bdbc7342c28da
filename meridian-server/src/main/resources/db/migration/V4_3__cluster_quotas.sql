-- Resource-group quotas (资源组配额, 002 §4.2.1.1): how many dedicated clusters of each type a tenant may hold in a region.
-- A tenant without a row for a region has the default of 10 of each; the platform operator raises or lowers it (1..50),
-- standing in for the spec's ticket (工单) approver. Only operator overrides are stored.
CREATE TABLE cluster_quotas (
    tenant_id       VARCHAR(40) NOT NULL,
    region_id       VARCHAR(40) NOT NULL REFERENCES regions (id) ON DELETE CASCADE,
    standard_limit  INTEGER NOT NULL,
    extended_limit  INTEGER NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    version         BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, region_id)
);
