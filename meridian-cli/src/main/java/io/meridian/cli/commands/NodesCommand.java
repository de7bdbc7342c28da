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

/** {@code meridian nodes list|get}: Nodes (machines) of your clusters, bound or not. */
@Command(name = "nodes", mixinStandardHelpOptions = true, description = "Nodes (machines) of your clusters, bound or not.")
public final class NodesCommand
        extends ResourceCommand
{
    public static final List<Column> COLUMNS = List.of(
            Column.of("ID", "id"),
            Column.of("NAME", "name"),
            Column.of("CLUSTER", "clusterName", "clusterId"),
            Column.of("DEVICE", "deviceModel"),
            Column.of("DEVICES", "deviceCount"),
            Column.of("CPU", "cpuCores"),
            Column.of("MEMORY GIB", "memoryGiB"),
            Column.of("STATUS", "status"),
            Column.of("BINDING", "bindingStatus"));

    public NodesCommand()
    {
        super("/nodes", "nodes", COLUMNS);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List nodes.")
    int list(
            @Option(names = "--cluster", paramLabel = "CLUSTER", description = "Only nodes of this cluster (ID or name).") String cluster,
            @Option(names = "--binding-status", paramLabel = "STATUS", description = "Only nodes in this binding state: bound, unbound, bind-failed, unbind-failed.") String bindingStatus,
            @Option(names = "--status", paramLabel = "STATUS", description = "Only nodes in this state, such as ready.") String status,
            @Option(names = "--name", paramLabel = "TEXT", description = "Only nodes whose name contains this.") String name,
            @Mixin PageOptions page,
            @Mixin OutputOptions output)
    {
        return run(() -> {
            Query filters = Query.empty()
                    .add("clusterId", Lookup.CLUSTER.id(api(), cluster))
                    .add("bindingStatus", constant(bindingStatus))
                    .add("status", constant(status))
                    .add("name", name);
            return listItems(filters, page, output);
        });
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one node with all its fields.")
    int get(@Parameters(paramLabel = "ID", description = "The node's ID or name.") String id, @Mixin OutputOptions output)
    {
        return show(id, output);
    }
}
