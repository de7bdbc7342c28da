package io.meridian.server.platform.api;

import java.io.IOException;

/** A request body went past its limit while it was read; answered with 413 {@code request.too-large}. */
public final class RequestTooLargeException
        extends IOException
{
    /** JSON and form bodies; uploads (archives) have limits of their own. */
    public static final long MAX_BODY_BYTES = 1024 * 1024;

    private final long limitBytes;

    public RequestTooLargeException(long limitBytes)
    {
        super("request body larger than " + limitBytes + " bytes");
        this.limitBytes = limitBytes;
    }

    public long limitKib()
    {
        return limitBytes / 1024;
    }
}
