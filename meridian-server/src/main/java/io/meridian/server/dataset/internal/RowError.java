package io.meridian.server.dataset.internal;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One mistake found on import: in which file and on which line (1-based; 0 for the file as a whole), which field,
 * and which rule it breaks ({@code rule} is a message key, {@code args} its arguments).
 */
record RowError(String file, long line, String field, String rule, List<String> args)
{
    RowError
    {
        requireNonNull(file, "file is null");
        requireNonNull(field, "field is null");
        requireNonNull(rule, "rule is null");
        args = List.copyOf(args);
    }
}
