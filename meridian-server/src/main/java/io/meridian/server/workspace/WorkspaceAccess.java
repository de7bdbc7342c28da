package io.meridian.server.workspace;

import io.meridian.server.platform.security.Principal;

/**
 * The one check every feature working inside a workspace makes before it reads or changes something there (training
 * tasks, dev machines, datasets, models…). It applies the matrix of {@link WorkspacePermission} to the caller's
 * workspace roles (IAM admins are implicit workspace admins of every workspace of their tenant).
 * <p>
 * Typical use, in a training-task service:
 * <pre>{@code
 * access.require(caller, task.workspaceId(), WorkspacePermission.TRAINING_TASK_OPERATE, task.ownerUserId());
 * }</pre>
 * and, when creating, {@code access.require(caller, workspaceId, WorkspacePermission.TRAINING_TASK_CREATE, caller.userId())}.
 */
public interface WorkspaceAccess
{
    /**
     * Refuses unless the caller may perform {@code permission} in the workspace on data owned by {@code ownerUserId}.
     *
     * @param ownerUserId the user who owns the data acted on; {@code null} (or the caller's id) means the caller's own
     * data. Ignored for rows about the workspace itself ({@link WorkspacePermission.Subject#WORKSPACE}).
     * @throws io.meridian.server.platform.api.ApiException 404 {@code not-found} if the workspace is not one of the
     * caller's tenant or the caller is not a member of it (its existence is not disclosed); 403 {@code forbidden} if
     * the caller is a member but the matrix denies the operation.
     */
    void require(Principal caller, String workspaceId, WorkspacePermission permission, String ownerUserId);

    /**
     * The decision of {@link #require} as a boolean, for filtering lists (for example: may this caller see others'
     * tasks?). Still answers 404 if the caller cannot enter the workspace at all.
     */
    boolean allows(Principal caller, String workspaceId, WorkspacePermission permission, String ownerUserId);

    /**
     * Whose data the caller may act on with {@code permission} in the workspace, decided with one read: what a list
     * needs to know before it filters. Answers as {@link #require} does when the caller may not act even on their own.
     */
    Reach reach(Principal caller, String workspaceId, WorkspacePermission permission);

    enum Reach
    {
        /** The caller's own data only. */
        OWN,
        /** Everyone's in the workspace (the matrix's "others' data" column allows it). */
        ALL,
    }
}
