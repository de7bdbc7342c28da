-- Whether a tenant's default queues serve every workspace of the tenant, not only the default workspace (issue 11: a new
-- workspace can run its first task without an administrator creating a dedicated cluster, quota and association first).
-- Off unless an IAM admin turns it on in 设置; the embedded install's only tenant gets it on at first start
-- (settings.DefaultQueueSharingStep), where the shared default cluster is all there is.
ALTER TABLE tenant_settings ADD COLUMN default_queue_for_all_workspaces BOOLEAN DEFAULT FALSE NOT NULL;
