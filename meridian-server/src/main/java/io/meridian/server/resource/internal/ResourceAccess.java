package io.meridian.server.resource.internal;

import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.resource.ClusterKind;

/**
 * Who sees and changes what. Everyone sees the shared default clusters and their own tenant's dedicated clusters; the
 * platform operator sees and manages all. Nodes are for admins: a tenant's own nodes, and the default clusters' nodes
 * read-only. Another tenant's objects are not found, never forbidden.
 */
final class ResourceAccess
{
    private ResourceAccess() {}

    static boolean canSee(Principal caller, ClusterRepository.ClusterRecord cluster)
    {
        return caller.operator() || isOwnOrShared(caller, cluster);
    }

    /** What other features may use: the shared default clusters and the caller's tenant's own, for operators too. */
    static boolean isOwnOrShared(Principal caller, ClusterRepository.ClusterRecord cluster)
    {
        return cluster.kind() == ClusterKind.DEFAULT || caller.tenantId().equals(cluster.tenantId());
    }

    static boolean canChange(Principal caller, ClusterRepository.ClusterRecord cluster)
    {
        return caller.operator() || (caller.isIamAdmin() && cluster.kind() == ClusterKind.DEDICATED && caller.tenantId().equals(cluster.tenantId()));
    }

    static boolean canSee(Principal caller, NodeRepository.NodeRecord node)
    {
        return caller.operator() || caller.tenantId().equals(node.tenantId()) || (node.tenantId() == null && node.clusterId() != null);
    }

    static boolean canChange(Principal caller, NodeRepository.NodeRecord node)
    {
        return caller.operator() || (caller.isIamAdmin() && caller.tenantId().equals(node.tenantId()));
    }

    static void requireNodeReader(Principal caller)
    {
        requireAdmin(caller);
    }

    /** The operator, or an IAM or secondary admin of the caller's own tenant. */
    static void requireAdmin(Principal caller)
    {
        if (!caller.operator() && !caller.isAdmin()) {
            throw ApiException.forbidden();
        }
    }

    static void requireOperator(Principal caller)
    {
        if (!caller.operator()) {
            throw ApiException.forbidden();
        }
    }
}
