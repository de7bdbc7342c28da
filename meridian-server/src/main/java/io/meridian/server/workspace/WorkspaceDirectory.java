package io.meridian.server.workspace;

import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.security.Principal;

import java.util.Optional;
import java.util.Set;

/**
 * Workspaces as other features see them. Lookups are scoped to the caller's tenant: another tenant's workspace is not
 * found (404), never forbidden.
 */
public interface WorkspaceDirectory
{
    Optional<WorkspaceSummary> find(String tenantId, String workspaceId);

    /** The workspace if the caller's tenant has it, else a 404 refusal. */
    WorkspaceSummary require(Principal caller, String workspaceId);

    Optional<WorkspaceSummary> defaultWorkspace(String tenantId);

    /**
     * The id of the named workspace if the caller may see it (else 404), or of the tenant's default workspace when none
     * is named: what every form that may leave its workspace out uses.
     */
    default String requireOrDefault(Principal caller, String workspaceId)
    {
        if (workspaceId != null && !workspaceId.isBlank()) {
            return require(caller, workspaceId).id();
        }
        return defaultWorkspace(caller.tenantId()).map(WorkspaceSummary::id)
                .orElseThrow(() -> ApiException.invalidField("workspaceId", "validation.required"));
    }

    /** The caller's roles in the workspace; IAM admins always hold {@link WorkspaceRole#WORKSPACE_ADMIN}. Empty if not a member. */
    Set<WorkspaceRole> rolesOf(Principal caller, String workspaceId);
}
