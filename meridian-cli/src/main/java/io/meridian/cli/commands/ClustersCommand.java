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

/** {@code meridian clusters list|get}: Clusters: the shared default clusters of your regions and your dedicated clusters. */
@Command(name = "clusters", mixinStandardHelpOptions = true, description = "Clusters: the shared default clusters of your regions and your dedicated clusters.")
public final class ClustersCommand
        extends ResourceCommand
{
    public static final List<Column> COLUMNS = List.of(
            Column.of("ID", "id"),
            Column.of("NAME", "name"),
            Column.of("REGION", "regionName", "regionId"),
            Column.of("KIND", "kind"),
            Column.of("GROUP TYPE", "groupType"),
            Column.of("BACKEND", "backend"),
            Column.of("AVAILABLE", "backendAvailable"),
            Column.of("STATUS", "status"),
            Column.of("NODES", "nodeCount"));

    public ClustersCommand()
    {
        super("/clusters", "clusters", COLUMNS);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List clusters.")
    int list(
            @Option(names = "--region", paramLabel = "REGION", description = "Only clusters of this region (ID or name).") String region,
            @Option(names = "--kind", paramLabel = "KIND", description = "Only default (shared) or dedicated clusters.") String kind,
            @Mixin PageOptions page,
            @Mixin OutputOptions output)
    {
        return run(() -> {
            Query filters = Query.empty()
                    .add("regionId", Lookup.REGION.id(api(), region))
                    .add("kind", constant(kind));
            return listItems(filters, page, output);
        });
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one cluster with all its fields.")
    int get(@Parameters(paramLabel = "ID", description = "The cluster's ID or name.") String id, @Mixin OutputOptions output)
    {
        return show(id, output);
    }
}
