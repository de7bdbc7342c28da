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

/** {@code meridian workspaces list|get}: Workspaces you are a member of (all of your tenant's for admins). */
@Command(name = "workspaces", mixinStandardHelpOptions = true, description = "Workspaces you are a member of (all of your tenant's for admins).")
public final class WorkspacesCommand
        extends ResourceCommand
{
    public static final List<Column> COLUMNS = List.of(
            Column.of("ID", "id"),
            Column.of("NAME", "name"),
            Column.of("DEFAULT", "isDefault", "default"),
            Column.of("MY ROLES", "myRoles", "roles"),
            Column.of("MEMBERS", "memberCount"),
            Column.of("OWNER", "ownerName", "ownerId"),
            Column.of("DESCRIPTION", "description"));

    public WorkspacesCommand()
    {
        super("/workspaces", "workspaces", COLUMNS);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List workspaces.")
    int list(
            @Option(names = {"-q", "--query"}, paramLabel = "TEXT", description = "Only workspaces whose name contains this.") String text,
            @Mixin PageOptions page,
            @Mixin OutputOptions output)
    {
        return listItems(Query.empty().add("q", text), page, output);
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show one workspace with all its fields.")
    int get(@Parameters(paramLabel = "ID", description = "The workspace's ID or name.") String id, @Mixin OutputOptions output)
    {
        return show(id, output);
    }
}
