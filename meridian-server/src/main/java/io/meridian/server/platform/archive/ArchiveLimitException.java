package io.meridian.server.platform.archive;

import java.io.IOException;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** An archive went past one of its {@link ArchiveLimits}; {@code code} names the limit, {@code args} the numbers. */
public final class ArchiveLimitException
        extends IOException
{
    private final String code;
    private final List<Object> args;

    ArchiveLimitException(String code, Object... args)
    {
        super(code + " " + List.of(args));
        this.code = requireNonNull(code, "code is null");
        this.args = List.of(args);
    }

    /** A message key of the platform bundle: {@code archive.limit.bytes}, {@code archive.limit.entries} or {@code archive.limit.ratio}. */
    public String code()
    {
        return code;
    }

    public List<Object> args()
    {
        return args;
    }
}
