package io.meridian.cleaning.pipeline;

import java.util.List;

/**
 * What the first step did for one shard; the de-duplicators' stats hold only the time spent computing keys, and
 * their rows out are settled in the global step.
 */
public record ShardResult(int shard, long rowsRead, long rowsWritten, long malformedRows, long bytesRead, List<OperatorStats> stats)
{
    public ShardResult
    {
        stats = List.copyOf(stats);
    }
}
