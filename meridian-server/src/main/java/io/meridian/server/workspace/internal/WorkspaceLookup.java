package io.meridian.server.workspace.internal;

import io.meridian.server.iam.MembershipDirectory;
import io.meridian.server.iam.WorkspaceMembership;
import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.workspace.WorkspaceAccess;
import io.meridian.server.workspace.WorkspaceDirectory;
import io.meridian.server.workspace.WorkspacePermission;
import io.meridian.server.workspace.WorkspaceRole;
import io.meridian.server.workspace.WorkspaceSummary;
import org.springframework.stereotype.Service;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Who may enter a workspace and with which roles, as other features (and {@code GET /me}) see it. IAM admins are
 * implicit workspace admins of every workspace of their tenant (001-B §4.5.3); everyone else holds the roles of their
 * membership row.
 */
@Service
class WorkspaceLookup
        implements WorkspaceDirectory, WorkspaceAccess, MembershipDirectory
{
    private final WorkspaceRepository workspaces;

    WorkspaceLookup(WorkspaceRepository workspaces)
    {
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
    }

    @Override
    public Optional<WorkspaceSummary> find(String tenantId, String workspaceId)
    {
        return workspaces.find(tenantId, workspaceId).map(WorkspaceLookup::summary);
    }

    @Override
    public WorkspaceSummary require(Principal caller, String workspaceId)
    {
        return find(caller.tenantId(), workspaceId).orElseThrow(() -> ApiException.notFound("workspace", workspaceId));
    }

    @Override
    public Optional<WorkspaceSummary> defaultWorkspace(String tenantId)
    {
        return workspaces.findDefault(tenantId).map(WorkspaceLookup::summary);
    }

    @Override
    public Set<WorkspaceRole> rolesOf(Principal caller, String workspaceId)
    {
        return workspaces.memberRoles(caller.tenantId(), workspaceId, caller.userId())
                .map(member -> withImplicitAdmin(caller, member))
                .orElse(Set.of());
    }

    @Override
    public void require(Principal caller, String workspaceId, WorkspacePermission permission, String ownerUserId)
    {
        if (!allows(caller, workspaceId, permission, ownerUserId)) {
            throw ApiException.forbidden();
        }
    }

    @Override
    public boolean allows(Principal caller, String workspaceId, WorkspacePermission permission, String ownerUserId)
    {
        requireNonNull(permission, "permission is null");
        Set<WorkspaceRole> roles = rolesOf(caller, workspaceId);
        if (roles.isEmpty()) {
            // Not a member: the workspace is as invisible as another tenant's.
            throw ApiException.notFound("workspace", workspaceId);
        }
        boolean ownData = ownerUserId == null || ownerUserId.equals(caller.userId());
        return permission.allows(roles, ownData);
    }

    @Override
    public Reach reach(Principal caller, String workspaceId, WorkspacePermission permission)
    {
        requireNonNull(permission, "permission is null");
        Set<WorkspaceRole> roles = rolesOf(caller, workspaceId);
        if (roles.isEmpty()) {
            throw ApiException.notFound("workspace", workspaceId);
        }
        if (permission.allows(roles, false)) {
            return Reach.ALL;
        }
        if (permission.allows(roles, true)) {
            return Reach.OWN;
        }
        throw ApiException.forbidden();
    }

    @Override
    public List<WorkspaceMembership> workspacesOf(Principal principal)
    {
        String memberFilter = principal.isIamAdmin() ? null : principal.userId();
        return workspaces.search(principal.tenantId(), memberFilter, null, PageRequest.all()).stream()
                .map(workspace -> new WorkspaceMembership(workspace.id(), workspace.name(), workspace.isDefault(),
                        roles(principal, workspace.id()).stream().sorted().map(WorkspaceRole::name).toList()))
                .toList();
    }

    /** The caller's roles in a workspace already known to be in the caller's tenant. */
    Set<WorkspaceRole> roles(Principal caller, String workspaceId)
    {
        return withImplicitAdmin(caller, workspaces.member(workspaceId, caller.userId()).map(WorkspaceRepository.MemberRecord::roles).orElse(Set.of()));
    }

    private static Set<WorkspaceRole> withImplicitAdmin(Principal caller, Set<WorkspaceRole> memberRoles)
    {
        EnumSet<WorkspaceRole> roles = EnumSet.noneOf(WorkspaceRole.class);
        roles.addAll(memberRoles);
        if (caller.isIamAdmin()) {
            roles.add(WorkspaceRole.WORKSPACE_ADMIN);
        }
        return roles;
    }

    private static WorkspaceSummary summary(WorkspaceRepository.WorkspaceRecord workspace)
    {
        return new WorkspaceSummary(workspace.id(), workspace.tenantId(), workspace.name(), workspace.isDefault());
    }
}
