package io.meridian.cli.commands;

import io.meridian.cli.http.Query;
import io.meridian.cli.output.Column;
import io.meridian.cli.output.OutputOptions;
import io.meridian.cli.output.PageOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code meridian quotas list|get}: Resource quotas: shares of a cluster used from non-default workspaces. */
@Command(name = "quotas", mixinStandardHelpOptions = true, description = "Resource quotas: shares of a cluster used from non-default workspaces.")
public final class QuotasCommand
        extends ResourceCommand
{
    public static final List<Column> COLUMNS = List.of(
            Column.of("ID", "id"),
            Column.of("NAME", "name"),
            Column.of("CLUSTER", "clusterName", "clusterId"),
            Column.of("STATUS", "status"),
            Column.of("FLAVOR", "flavorName"),
            Column.of("INSTANCES", "instanceCount"),
            Column.of("WEIGHT", "weight"),
            Column.ratio("CARDS USED", "allocated.cards", "capacity.cards"),
            Column.of("RUNNING", "runningTasks"),
            Column.of("QUEUED", "queuedTasks"),
            Column.of("WORKLOADS", "workloadTypes"));

    public QuotasCommand()
    {
        super("/quotas", "quotas", COLUMNS);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List quotas.")
    int list(
            @Option(names = "--cluster", paramLabel = "CLUSTER", description = "Only quotas of this cluster (ID or name).") String cluster,
            @Option(names = "--workspace", paramLabel = "WORKSPACE", description = "Only quotas associated with this workspace (ID or name).") String workspace,
            @Option(names = "--status", paramLabel = "STATUS", description = "Only running or stopped quotas.") String status,
            @Option(names = "--workload-type", paramLabel = "TYPE", description = "Only quotas accepting this workload type, such as training.") String workloadType,
            @Option(names = {"-q", "--query"}, paramLabel = "TEXT", description = "Only quotas whose name contains this.") String text,
            @Mixin PageOptions page,
            @Mixin OutputOptions output)
    {
        return run(() -> {
            Query filters = Query.empty()
                    .add("q", text)
                    .add("clusterId", Lookup.CLUSTER.id(api(), cluster))
                    .add("workspaceId", Lookup.WORKSPACE.id(api(), workspace))
                    .add("status", constant(status))
                    .add("workloadType", constant(workloadType));
            return listItems(filters, page, output);
        });
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one quota with all its fields.")
    int get(@Parameters(paramLabel = "ID", description = "The quota's ID or name.") String id, @Mixin OutputOptions output)
    {
        return show(id, output);
    }
}
