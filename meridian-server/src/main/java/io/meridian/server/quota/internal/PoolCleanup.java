package io.meridian.server.quota.internal;

import io.meridian.server.iam.UserDeleted;
import io.meridian.server.platform.api.ApiException;
import io.meridian.server.quota.PoolUsage;
import io.meridian.server.quota.QuotaUsage;
import io.meridian.server.resource.ClusterDeleting;
import io.meridian.server.resource.ClusterDeletionGuard;
import io.meridian.server.workspace.WorkspaceDeleted;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** What queues and quotas do when something they refer to goes: a cluster, a workspace, a user. */
@Component
class PoolCleanup
        implements ClusterDeletionGuard
{
    private final PoolRepository pools;
    private final QuotaUsage usage;

    PoolCleanup(PoolRepository pools, QuotaUsage usage)
    {
        this.pools = requireNonNull(pools, "pools is null");
        this.usage = requireNonNull(usage, "usage is null");
    }

    /**
     * A cluster split into queues or quotas cannot go until they are deleted (which needs them stopped and idle), nor
     * while its default queues hold unfinished work.
     */
    @Override
    public Optional<ApiException> refusal(String clusterId, String clusterName)
    {
        List<PoolRecord> onCluster = pools.ofCluster(clusterId);
        long created = onCluster.stream().filter(pool -> !pool.isDefault()).count();
        if (created > 0) {
            return Optional.of(ApiException.conflict("pool.cluster.in-use", clusterName, created));
        }
        for (PoolRecord pool : onCluster) {
            PoolUsage current = usage.usage(pool.id());
            if (current.unfinishedTasks() > 0) {
                return Optional.of(ApiException.conflict("pool.cluster.busy", clusterName, current.unfinishedTasks()));
            }
        }
        return Optional.empty();
    }

    /** A default cluster's default queues are the platform's, not the tenants': they go with it (the guard above let it go). */
    @EventListener
    void on(ClusterDeleting event)
    {
        pools.ofCluster(event.clusterId()).forEach(pool -> pools.delete(pool.id()));
    }

    /** The workspace's associations go with it; the quotas stay, for other workspaces. */
    @EventListener
    void on(WorkspaceDeleted event)
    {
        pools.dropWorkspace(event.tenantId(), event.workspaceId());
    }

    /** A deleted user no longer uses or manages any pool; IAM admins still manage pools left without an admin. */
    @EventListener
    void on(UserDeleted event)
    {
        pools.dropUser(event.tenantId(), event.userId());
    }
}
