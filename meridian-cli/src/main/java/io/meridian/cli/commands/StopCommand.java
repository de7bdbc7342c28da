package io.meridian.cli.commands;

import io.meridian.cli.ExitCode;
import io.meridian.cli.http.ApiClient;
import io.meridian.cli.output.OutputFormat;
import io.meridian.cli.output.OutputOptions;
import io.meridian.cli.output.Printer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import java.util.concurrent.Callable;

/**
 * {@code meridian stop ID}: asks the server to stop a training run ({@code POST /training-runs/{id}/stop}) or a job
 * ({@code POST /jobs/{id}/stop}, for IDs starting {@code job-}); the record stays.
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop a training run or a job. Its instances are terminated and it ends STOPPED; meridian runs get RUN (jobs get JOB) shows when.")
public final class StopCommand
        extends CommandSupport
        implements Callable<Integer>
{
    @Parameters(paramLabel = "ID", description = "The run's or job's ID (job IDs start with job-).")
    String id;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call()
    {
        return run(() -> stop(api(), printer(), Workloads.of(id), output.format()));
    }

    /** Posts the stop and says so on standard error; {@code -o json} prints the answer on standard output. */
    static int stop(ApiClient api, Printer printer, Workloads workload, OutputFormat format)
    {
        JsonNode answer = api.post(workload.path() + "/stop", null);
        if (format == OutputFormat.JSON) {
            printer.json(answer);
        }
        printer.note("Stopping " + workload.noun() + " " + answer.path("id").asString(workload.id()) + " (" + answer.path("status").asString() + ").");
        return ExitCode.OK;
    }
}
