package io.meridian.cli.commands;

import io.meridian.cli.CliException;
import io.meridian.cli.ExitCode;
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

/** {@code meridian runs list|get}: runs of training tasks ({@code /training-runs}). */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "Runs of training tasks: what meridian submit started.")
public final class RunsCommand
        extends ResourceCommand
{
    public static final List<Column> COLUMNS = List.of(
            Column.of("ID", "id"),
            Column.of("TASK", "name", "taskId"),
            Column.of("STATUS", "status"),
            Column.of("MODE", "mode"),
            Column.of("NODES", "nodes"),
            Column.of("FLAVOR", "flavorName"),
            Column.of("RESTARTS", "restarts"),
            Column.of("CREATED", "createdAt"),
            Column.of("DURATION(S)", "durationSeconds"));

    public RunsCommand()
    {
        super("/training-runs", "runs", COLUMNS);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List runs, newest first.")
    int list(
            @Option(names = "--task", paramLabel = "TASK", description = "Only runs of this training task (ID or name).") String task,
            @Option(names = "--status", paramLabel = "STATUS", description = "Only runs in this status, such as running or succeeded.") String status,
            @Option(names = "--workspace", paramLabel = "WORKSPACE", description = "Runs of this workspace (ID or name; default: your default workspace).") String workspace,
            @Mixin PageOptions page,
            @Mixin OutputOptions output)
    {
        return run(() -> {
            Query filters = Query.empty()
                    .add("taskId", Lookup.TASK.id(api(), task))
                    .add("status", constant(status))
                    .add("workspaceId", Lookup.WORKSPACE.id(api(), workspace));
            return listItems(filters, page, output);
        });
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Show one run: its status, its instances and its timeline (-o json: the server's whole answer, definition included).")
    int get(@Parameters(paramLabel = "RUN", description = "The run's ID, as printed by meridian submit, or its name.") String id, @Mixin OutputOptions output)
    {
        return run(() -> {
            if (id.isBlank()) {
                throw CliException.usage("the run ID is empty");
            }
            JsonNode run = lookup().find(api(), id);
            if (output.format() == OutputFormat.JSON || !run.isObject()) {
                printer().json(run);
                return ExitCode.OK;
            }
            ObjectNode summary = ((ObjectNode) run).deepCopy();
            summary.remove(List.of("definition", "instances", "timeline"));
            JsonNode definition = run.path("definition");
            if (definition.isObject()) {
                for (String field : List.of("command", "image", "workingDir")) {
                    if (definition.has(field)) {
                        summary.set(field, definition.get(field));
                    }
                }
            }
            printer().details(summary, OutputFormat.TABLE);
            WorkloadDetail.print(context().out(), run.path("instances"), run.path("timeline"));
            return ExitCode.OK;
        });
    }
}
