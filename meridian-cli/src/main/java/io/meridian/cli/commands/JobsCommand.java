package io.meridian.cli.commands;

import io.meridian.cli.CliException;
import io.meridian.cli.ExitCode;
import io.meridian.cli.http.ApiClient;
import io.meridian.cli.http.Query;
import io.meridian.cli.output.Column;
import io.meridian.cli.output.OutputFormat;
import io.meridian.cli.output.OutputOptions;
import io.meridian.cli.output.PageOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/** {@code meridian jobs list|get|stop|delete}: plain jobs ({@code /jobs}), what {@code meridian submit job} started. */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "Plain jobs: a command on N instances, what meridian submit job started.")
public final class JobsCommand
        extends ResourceCommand
{
    public static final List<Column> COLUMNS = List.of(
            Column.of("ID", "id"),
            Column.of("NAME", "name"),
            Column.of("STATUS", "status"),
            Column.of("NODES", "nodes"),
            Column.of("FLAVOR", "flavorName"),
            Column.of("CLUSTER", "clusterName", "clusterId"),
            Column.of("CREATED", "createdAt"),
            Column.of("DURATION(S)", "durationSeconds"));

    public JobsCommand()
    {
        super(Workloads.JOBS, "jobs", COLUMNS);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List jobs, newest first.")
    int list(
            @Option(names = "--status", paramLabel = "STATUS", description = "Only jobs in this status, such as running or failed.") String status,
            @Option(names = "--workspace", paramLabel = "WORKSPACE", description = "Jobs of this workspace (ID or name; default: your default workspace).") String workspace,
            @Mixin PageOptions page,
            @Mixin OutputOptions output)
    {
        return run(() -> {
            Query filters = Query.empty()
                    .add("workspaceId", Lookup.WORKSPACE.id(api(), workspace))
                    .add("status", constant(status));
            return listItems(filters, page, output);
        });
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Show one job: its status, its instances and its events (-o json: the server's whole answer).")
    int get(@Parameters(paramLabel = "JOB", description = "The job's ID, as printed by meridian submit job, or its name.") String id, @Mixin OutputOptions output)
    {
        return run(() -> {
            JsonNode job = lookup().find(api(), id);
            if (output.format() == OutputFormat.JSON || !job.isObject()) {
                printer().json(job);
                return ExitCode.OK;
            }
            ObjectNode summary = ((ObjectNode) job).deepCopy();
            summary.remove(List.of("instances", "events"));
            printer().details(summary, OutputFormat.TABLE);
            WorkloadDetail.print(context().out(), job.path("instances"), job.path("events"));
            return ExitCode.OK;
        });
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop a job: its instances are terminated and it ends STOPPED; the record stays.")
    int stop(@Parameters(paramLabel = "JOB", description = "The job's ID.") String id, @Mixin OutputOptions output)
    {
        return run(() -> StopCommand.stop(api(), printer(), new Workloads(id.trim(), path(id), "job"), output.format()));
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a job that has ended, with its instances, events and logs.")
    int delete(@Parameters(paramLabel = "JOB", description = "The job's ID.") String id)
    {
        return run(() -> {
            api().delete(path(id));
            printer().note("Deleted job " + id.trim() + ".");
            return ExitCode.OK;
        });
    }

    private static String path(String id)
    {
        if (id.isBlank()) {
            throw CliException.usage("the job ID is empty");
        }
        return Workloads.JOBS + "/" + ApiClient.segment(id.trim());
    }
}
