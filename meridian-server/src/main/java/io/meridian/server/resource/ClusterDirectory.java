package io.meridian.server.resource;

import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.platform.security.Principal;

import java.util.List;
import java.util.Optional;

/**
 * Clusters, their flavors and capacity, as other features see them. A caller sees its region's shared default
 * clusters and its own tenant's dedicated clusters; any other cluster is not found (404).
 */
public interface ClusterDirectory
{
    Optional<ClusterSummary> find(Principal caller, String clusterId);

    ClusterSummary require(Principal caller, String clusterId);

    List<ClusterSummary> defaultClusters();

    /** Any cluster by id, not scoped to a caller: for system components such as the scheduling loop, never for requests. */
    Optional<ClusterSummary> findForSystem(String clusterId);

    /** The clusters the caller may use: every shared default cluster and its own tenant's dedicated clusters. */
    List<ClusterSummary> visibleClusters(Principal caller);

    /** The flavors the cluster's nodes can host (card granularities 1, 2, 4, 8 of each device model, plus CPU flavors). */
    List<Flavor> flavors(String clusterId);

    /** A flavor of the cluster by name, or a shared-card spec string ({@link SharedCardSpec}) the cluster can host. */
    Optional<Flavor> flavor(String clusterId, String flavorName);

    /** The NVIDIA card models of the cluster that shared cards (eGPU, 001-A §5.9) can be cut from; empty on other clusters. */
    List<SharedCardModel> sharedCardModels(String clusterId);

    /**
     * Records on {@code field} each rule of 001-A §5.9 that the shared-card spec string {@code spec} breaks on the cluster;
     * true when it breaks none.
     */
    boolean checkSharedCard(FieldRules rules, String field, String clusterId, String spec);

    ClusterCapacity capacity(String clusterId);
}
