package io.meridian.cli.commands;

import io.meridian.cli.http.Query;
import io.meridian.cli.output.Column;
import io.meridian.cli.output.OutputOptions;
import io.meridian.cli.output.PageOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code meridian regions list|get}: Regions (resource pools) and their availability zones. */
@Command(name = "regions", mixinStandardHelpOptions = true, description = "Regions (resource pools) and their availability zones.")
public final class RegionsCommand
        extends ResourceCommand
{
    public static final List<Column> COLUMNS = List.of(
            Column.of("ID", "id"),
            Column.of("NAME", "name"),
            Column.of("DISPLAY NAME", "displayName"),
            Column.of("ZONES", "zones"),
            Column.of("DESCRIPTION", "description"));

    public RegionsCommand()
    {
        super("/regions", "regions", COLUMNS);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List regions.")
    int list(
            @Mixin PageOptions page,
            @Mixin OutputOptions output)
    {
        return listItems(Query.empty(), page, output);
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one region with all its fields.")
    int get(@Parameters(paramLabel = "ID", description = "The region's ID or name.") String id, @Mixin OutputOptions output)
    {
        return show(id, output);
    }
}
