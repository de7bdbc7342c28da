package io.meridian.server.quota.internal;

import io.meridian.server.quota.CapacityPool;
import io.meridian.server.quota.CapacityPools;
import io.meridian.server.quota.internal.PoolRepository.PoolRole;
import io.meridian.server.quota.internal.PoolRepository.PoolUser;
import io.meridian.server.settings.DefaultQueueSharing;
import io.meridian.server.workspace.WorkspaceDirectory;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/** {@link CapacityPools} for the scheduler. */
@Component
class PoolDirectory
        implements CapacityPools
{
    private final PoolRepository pools;
    private final PoolViews views;
    private final WorkspaceDirectory workspaces;
    private final DefaultQueueSharing sharing;

    PoolDirectory(PoolRepository pools, PoolViews views, WorkspaceDirectory workspaces, DefaultQueueSharing sharing)
    {
        this.pools = requireNonNull(pools, "pools is null");
        this.views = requireNonNull(views, "views is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.sharing = requireNonNull(sharing, "sharing is null");
    }

    @Override
    public Optional<CapacityPool> find(String poolId)
    {
        return pools.findById(poolId).map(this::pool);
    }

    @Override
    public List<CapacityPool> ofCluster(String clusterId)
    {
        return pools.ofCluster(clusterId).stream().map(this::pool).toList();
    }

    @Override
    public List<CapacityPool> ofWorkspace(String tenantId, String workspaceId)
    {
        Map<String, PoolRecord> found = new LinkedHashMap<>();
        if (workspaces.find(tenantId, workspaceId).filter(workspace -> usesDefaultQueues(workspace.isDefault(), tenantId)).isPresent()) {
            pools.ofTenant(tenantId).stream().filter(PoolRecord::isDefault).forEach(pool -> found.put(pool.id(), pool));
        }
        for (PoolRepository.Association association : pools.associationsOfWorkspace(tenantId, workspaceId)) {
            pools.find(tenantId, association.poolId()).ifPresent(pool -> found.putIfAbsent(pool.id(), pool));
        }
        return found.values().stream().map(this::pool).toList();
    }

    /** The default workspace always uses the default queues; the others when the tenant's admins let them (设置). */
    boolean usesDefaultQueues(boolean defaultWorkspace, String tenantId)
    {
        return defaultWorkspace || sharing.defaultQueueForAllWorkspaces(tenantId);
    }

    private CapacityPool pool(PoolRecord pool)
    {
        List<PoolUser> users = pools.users(pool.id());
        return new CapacityPool(pool.id(), pool.kind(), pool.tenantId(), pool.clusterId(), pool.name(), pool.status(), pool.isDefault(),
                pool.workloadTypes(), pool.shape().flavorName(), pool.shape().deviceModel(), pool.instanceCount(), views.capacity(pool),
                pool.weight(), pool.borrowIdle(), pool.exclusive(), pool.schedulingPolicy(), Set.copyOf(views.workspaceIds(pool)),
                withRole(users, PoolRole.ADMIN), withRole(users, PoolRole.MEMBER));
    }

    private static Set<String> withRole(List<PoolUser> users, PoolRole role)
    {
        return users.stream().filter(user -> user.role() == role).map(PoolUser::userId).collect(Collectors.toSet());
    }
}
