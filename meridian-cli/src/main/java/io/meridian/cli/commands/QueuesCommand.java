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

/** {@code meridian queues list|get}: Queues: shares of a cluster used from the default workspace. */
@Command(name = "queues", mixinStandardHelpOptions = true, description = "Queues: shares of a cluster used from the default workspace.")
public final class QueuesCommand
        extends ResourceCommand
{
    public static final List<Column> COLUMNS = List.of(
            Column.of("ID", "id"),
            Column.of("NAME", "name"),
            Column.of("CLUSTER", "clusterName", "clusterId"),
            Column.of("STATUS", "status"),
            Column.of("DEFAULT", "isDefault", "default"),
            Column.of("FLAVOR", "flavorName"),
            Column.of("INSTANCES", "instanceCount"),
            Column.ratio("CARDS USED", "allocated.cards", "capacity.cards"),
            Column.of("RUNNING", "runningTasks"),
            Column.of("QUEUED", "queuedTasks"),
            Column.of("WORKLOADS", "workloadTypes"));

    public QueuesCommand()
    {
        super("/queues", "queues", COLUMNS);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List queues.")
    int list(
            @Option(names = "--cluster", paramLabel = "CLUSTER", description = "Only queues of this cluster (ID or name).") String cluster,
            @Option(names = "--status", paramLabel = "STATUS", description = "Only running or stopped queues.") String status,
            @Option(names = "--workload-type", paramLabel = "TYPE", description = "Only queues accepting this workload type, such as training.") String workloadType,
            @Option(names = {"-q", "--query"}, paramLabel = "TEXT", description = "Only queues whose name contains this.") String text,
            @Mixin PageOptions page,
            @Mixin OutputOptions output)
    {
        return run(() -> {
            Query filters = Query.empty()
                    .add("q", text)
                    .add("clusterId", Lookup.CLUSTER.id(api(), cluster))
                    .add("status", constant(status))
                    .add("workloadType", constant(workloadType));
            return listItems(filters, page, output);
        });
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one queue with all its fields.")
    int get(@Parameters(paramLabel = "ID", description = "The queue's ID or name.") String id, @Mixin OutputOptions output)
    {
        return show(id, output);
    }
}
