package io.meridian.server.dataset.internal;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** An import that cannot go on as a whole (a limit, an unsafe archive entry, an unreachable URL): {@code code} says why. */
final class ImportFailure
        extends RuntimeException
{
    private final String code;
    private final List<String> args;

    ImportFailure(String code, Object... args)
    {
        super(code);
        this.code = requireNonNull(code, "code is null");
        this.args = java.util.Arrays.stream(args).map(String::valueOf).toList();
    }

    String code()
    {
        return code;
    }

    List<String> args()
    {
        return args;
    }
}
