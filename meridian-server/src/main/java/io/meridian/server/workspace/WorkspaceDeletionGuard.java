package io.meridian.server.workspace;

import io.meridian.server.platform.api.ApiException;

import java.util.Optional;

/**
 * What another feature has in a workspace that must end before the workspace may go (unfinished runs): the workspace
 * feature asks every guard before it deletes anything, and refuses with the first refusal. Cleaning up what may go
 * with the workspace is {@link WorkspaceDeleted}'s.
 */
public interface WorkspaceDeletionGuard
{
    /** Why the workspace cannot be deleted now, as the answer to give (a conflict), or empty if it may go. */
    Optional<ApiException> refusal(String tenantId, String workspaceId);
}
