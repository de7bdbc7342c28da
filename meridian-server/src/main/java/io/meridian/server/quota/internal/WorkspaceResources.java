package io.meridian.server.quota.internal;

import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.quota.PoolKind;
import io.meridian.server.quota.internal.PoolViews.WorkspaceResourceView;
import io.meridian.server.workspace.WorkspaceDirectory;
import io.meridian.server.workspace.WorkspaceRole;
import io.meridian.server.workspace.WorkspaceSummary;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * 工作空间关联资源 (001-B §4.5.2): the default workspace uses queues, every other workspace uses quotas. Associations
 * are only ever added: once confirmed they cannot be changed or removed (001-B §4.4, §7 item 13).
 */
@Service
class WorkspaceResources
{
    private final PoolRepository pools;
    private final PoolService service;
    private final PoolViews views;
    private final WorkspaceDirectory workspaces;
    private final PoolDirectory directory;
    private final Clock clock;

    WorkspaceResources(PoolRepository pools, PoolService service, PoolViews views, WorkspaceDirectory workspaces, PoolDirectory directory, Clock clock)
    {
        this.directory = requireNonNull(directory, "directory is null");
        this.pools = requireNonNull(pools, "pools is null");
        this.service = requireNonNull(service, "service is null");
        this.views = requireNonNull(views, "views is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Members of the workspace (and IAM admins) see what it may use. */
    List<WorkspaceResourceView> list(Principal caller, String workspaceId)
    {
        WorkspaceSummary workspace = workspaces.require(caller, workspaceId);
        if (!caller.isIamAdmin() && workspaces.rolesOf(caller, workspace.id()).isEmpty()) {
            throw ApiException.forbidden();
        }
        Map<String, WorkspaceResourceView> found = new LinkedHashMap<>();
        if (directory.usesDefaultQueues(workspace.isDefault(), caller.tenantId())) {
            // The tenant's default queues belong to its default workspace without an association row, and to every
            // workspace while the tenant's admins share them (设置).
            pools.ofTenant(caller.tenantId()).stream()
                    .filter(PoolRecord::isDefault)
                    .forEach(pool -> found.put(pool.id(), views.workspaceResource(caller, pool, pool.createdAt())));
        }
        for (PoolRepository.Association association : pools.associationsOfWorkspace(caller.tenantId(), workspace.id())) {
            pools.find(caller.tenantId(), association.poolId())
                    .ifPresent(pool -> found.putIfAbsent(pool.id(), views.workspaceResource(caller, pool, association.associatedAt())));
        }
        return List.copyOf(found.values());
    }

    /**
     * Adds associations. IAM admins may associate any pool of the tenant; a workspace admin only pools they administer,
     * so that a workspace admin cannot take another team's quota.
     */
    @Transactional
    List<WorkspaceResourceView> associate(Principal caller, String workspaceId, List<String> queueIds, List<String> quotaIds)
    {
        WorkspaceSummary workspace = workspaces.require(caller, workspaceId);
        if (!caller.isIamAdmin() && !workspaces.rolesOf(caller, workspace.id()).contains(WorkspaceRole.WORKSPACE_ADMIN)) {
            throw ApiException.forbidden();
        }
        List<String> queues = queueIds == null ? List.of() : queueIds;
        List<String> quotas = quotaIds == null ? List.of() : quotaIds;
        FieldRules rules = FieldRules.check();
        if (queues.isEmpty() && quotas.isEmpty()) {
            rules.violate(workspace.isDefault() ? "queueIds" : "quotaIds", "validation.required");
        }
        if (workspace.isDefault() && !quotas.isEmpty()) {
            rules.violate("quotaIds", "pool.association.default-workspace-queues-only");
        }
        if (!workspace.isDefault() && !queues.isEmpty()) {
            rules.violate("queueIds", "pool.association.quotas-only");
        }
        rules.throwIfAny();

        List<PoolRecord> chosen = new ArrayList<>();
        for (String id : workspace.isDefault() ? queues : quotas) {
            PoolKind kind = workspace.isDefault() ? PoolKind.QUEUE : PoolKind.QUOTA;
            PoolRecord pool = pools.find(caller.tenantId(), id)
                    .filter(found -> found.kind() == kind)
                    .orElseThrow(() -> ApiException.notFound(PoolService.resource(kind), id));
            if (!service.manages(caller, pool)) {
                throw ApiException.forbidden();
            }
            chosen.add(pool);
        }
        Instant now = clock.instant();
        for (PoolRecord pool : chosen) {
            if (!pool.isDefault()) {
                pools.associate(caller.tenantId(), pool.id(), workspace.id(), caller.userId(), now);
            }
        }
        return list(caller, workspace.id());
    }

    /** There is no way to undo an association: the refusal says so instead of a bare 404 or 405. */
    void dissociate(Principal caller, String workspaceId, String poolId)
    {
        WorkspaceSummary workspace = workspaces.require(caller, workspaceId);
        throw ApiException.conflict("pool.association.immutable", workspace.name(), poolId);
    }
}
