package io.meridian.server.cleaning.internal;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What a cleaning task does, validated; each run keeps a copy of it. {@code operators} are in the order they run.
 *
 * @param masters the master node (merges the shards' results); always 1
 * @param workers the worker nodes, one shard of the input each
 */
record CleaningDefinition(
        String workspaceId,
        String taskId,
        String name,
        String inputDatasetId,
        String outputDatasetId,
        List<String> fields,
        List<OperatorChoice> operators,
        String clusterId,
        String poolId,
        String flavorName,
        int masters,
        int workers)
{
    CleaningDefinition
    {
        requireNonNull(workspaceId, "workspaceId is null");
        requireNonNull(taskId, "taskId is null");
        requireNonNull(name, "name is null");
        requireNonNull(inputDatasetId, "inputDatasetId is null");
        requireNonNull(outputDatasetId, "outputDatasetId is null");
        fields = List.copyOf(fields);
        operators = List.copyOf(operators);
        requireNonNull(clusterId, "clusterId is null");
        requireNonNull(poolId, "poolId is null");
        requireNonNull(flavorName, "flavorName is null");
    }
}
