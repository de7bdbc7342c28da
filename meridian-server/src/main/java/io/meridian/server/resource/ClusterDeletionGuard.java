package io.meridian.server.resource;

import io.meridian.server.platform.api.ApiException;

import java.util.Optional;

/**
 * What another feature has on a cluster that must go before the cluster may (queues and quotas, unfinished work): the
 * resource feature asks every guard before it deletes anything, and refuses with the first refusal. Cleaning up what
 * may go with the cluster is {@link ClusterDeleting}'s.
 */
public interface ClusterDeletionGuard
{
    /** Why the cluster cannot be deleted now, as the answer to give (a conflict), or empty if it may go. */
    Optional<ApiException> refusal(String clusterId, String clusterName);
}
