package io.meridian.cleaning.pipeline;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The statistics summary of a run: rows and bytes in and out, each operator's counts and time, and the wall-clock
 * times of the first step and of the whole run.
 */
public record RunSummary(long rowsRead, long malformedRows, long rowsWritten, long bytesRead, long bytesWritten, List<OperatorStats> operators,
        double firstStepSeconds, double totalSeconds, double mergeSeconds, int workers)
{
    public RunSummary
    {
        operators = List.copyOf(operators);
    }

    RunSummary withTimes(double firstStep, double total, int workerCount)
    {
        return new RunSummary(rowsRead, malformedRows, rowsWritten, bytesRead, bytesWritten, operators, firstStep, total, mergeSeconds, workerCount);
    }

    public String toJson()
    {
        return String.format(Locale.ROOT,
                "{\"rows_read\":%d,\"malformed_rows\":%d,\"rows_written\":%d,\"bytes_read\":%d,\"bytes_written\":%d,\"workers\":%d,"
                        + "\"first_step_seconds\":%.3f,\"merge_seconds\":%.3f,\"total_seconds\":%.3f,\"operators\":[%s]}",
                rowsRead, malformedRows, rowsWritten, bytesRead, bytesWritten, workers, firstStepSeconds, mergeSeconds, totalSeconds,
                operators.stream().map(OperatorStats::toJson).collect(Collectors.joining(",")));
    }
}
