package io.meridian.server.platform.security;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import static java.util.Objects.requireNonNull;

/**
 * A request whose body was read once (to check a signature over it, or to hash it for an idempotency key) and that the
 * controller can still read.
 */
public final class CachedBodyRequest
        extends HttpServletRequestWrapper
{
    private static final int MAX_SIGNED_BODY = 16 * 1024 * 1024;

    private final byte[] body;

    CachedBodyRequest(HttpServletRequest request)
            throws IOException
    {
        super(request);
        this.body = request.getInputStream().readNBytes(MAX_SIGNED_BODY);
    }

    /** The request with a body its caller has already read. */
    public CachedBodyRequest(HttpServletRequest request, byte[] body)
    {
        super(request);
        this.body = requireNonNull(body, "body is null");
    }

    byte[] body()
    {
        return body;
    }

    @Override
    public ServletInputStream getInputStream()
    {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream()
        {
            @Override
            public boolean isFinished()
            {
                return in.available() == 0;
            }

            @Override
            public boolean isReady()
            {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener)
            {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read()
            {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len)
            {
                return in.read(b, off, len);
            }
        };
    }

    @Override
    public BufferedReader getReader()
    {
        return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
    }
}
