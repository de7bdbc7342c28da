package io.meridian.server.resource;

import java.util.List;

/** The nodes a scheduler may place work on. */
public interface NodeInventory
{
    /** The cluster's bound nodes in status READY (cordoned and not-ready nodes take no new work), by name. */
    List<NodeSummary> schedulableNodes(String clusterId);

    /**
     * All the cluster's bound nodes whatever their status ({@code READY}, {@code NOT_READY}, {@code CORDONED}), by name:
     * what a cluster has, as opposed to what may take new work.
     */
    List<NodeSummary> boundNodes(String clusterId);

    /**
     * Takes a READY bound node of the cluster out of scheduling because work on it failed through the node's fault
     * (001-A §6.8: the faulty node is cordoned and the work re-placed elsewhere). The node keeps what runs on it and takes
     * no new work until an operator uncordons it; {@code reason} is shown with its status. {@code node} is its name or id. Returns false, changing
     * nothing, if the cluster has no such bound node or it is not READY (already cordoned, or not ready).
     */
    boolean cordonForFault(String clusterId, String node, String reason);
}
