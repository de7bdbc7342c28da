package io.meridian.server.settings;

/**
 * Whether a tenant's default queues serve every workspace of the tenant, or only its default workspace as 001-B §4.5.2
 * has it: a setting of the tenant's IAM admins (设置), on for the embedded install's only tenant from its first start.
 * The quota feature reads it where it lists the pools a workspace may use.
 */
public interface DefaultQueueSharing
{
    boolean defaultQueueForAllWorkspaces(String tenantId);
}
