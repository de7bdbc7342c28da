package io.meridian.cli.commands;

import io.meridian.cli.CliException;
import io.meridian.cli.ExitCode;
import io.meridian.cli.http.Query;
import io.meridian.cli.output.Column;
import io.meridian.cli.output.OutputOptions;
import io.meridian.cli.output.PageOptions;

import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * A read-only API collection ({@code GET /things}, {@code GET /things/{id}}) shown as a command group with
 * {@code list} and {@code get}. Subclasses declare the picocli methods, with their own filters, and the table columns.
 */
public abstract class ResourceCommand
        extends CommandSupport
{
    private final String path;
    private final String noun;
    private final List<Column> columns;

    protected ResourceCommand(String path, String noun, List<Column> columns)
    {
        this.path = requireNonNull(path, "path is null");
        this.noun = requireNonNull(noun, "noun is null");
        this.columns = List.copyOf(columns);
    }

    public List<Column> columns()
    {
        return columns;
    }

    protected final int listItems(Query filters, PageOptions page, OutputOptions output)
    {
        return run(() -> {
            Query query = page.addTo(filters);
            printer().list(api().get(path, query), columns, output.format(), noun);
            return ExitCode.OK;
        });
    }

    protected final int show(String id, OutputOptions output)
    {
        return run(() -> {
            if (id.isBlank()) {
                throw CliException.usage("the ID is empty");
            }
            printer().details(lookup().find(api(), id), output.format());
            return ExitCode.OK;
        });
    }

    /** Finds one of this collection's objects by ID or by name. */
    protected final Lookup lookup()
    {
        return new Lookup(path, noun.endsWith("s") ? noun.substring(0, noun.length() - 1) : noun, noun);
    }

    /** An enum filter as the API spells it: {@code bind-failed} becomes {@code BIND_FAILED}. */
    protected static String constant(String value)
    {
        return value == null ? null : value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
