package io.meridian.server.platform.web;

import io.meridian.server.platform.api.Problems;
import io.meridian.server.platform.api.RequestTooLargeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Bodies other than uploads (archives, and multipart/form-data, which only dataset imports read, as a stream) — JSON,
 * url-encoded forms, text, no type at all — are at most
 * {@link RequestTooLargeException#MAX_BODY_BYTES}: refused with 413 before anything reads them when their length is
 * declared, and at the limit while they are read when they are chunked. Uploads are streamed to disk by their
 * endpoint, which enforces a limit of its own.
 */
final class RequestBodyLimitFilter
        extends OncePerRequestFilter
{
    private static final Set<String> UPLOAD_TYPES = Set.of(
            "application/octet-stream", "application/zip", "application/x-zip-compressed", "application/gzip", "application/x-gzip",
            "application/x-tar", "application/x-gtar", "multipart/form-data");

    private final Problems problems;
    private final long limit;

    RequestBodyLimitFilter(Problems problems, long limit)
    {
        this.problems = requireNonNull(problems, "problems is null");
        this.limit = limit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException
    {
        if (isUpload(request.getContentType())) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > limit) {
            refuse(request, response);
            return;
        }
        try {
            chain.doFilter(new LimitedRequest(request, limit), response);
        }
        catch (IOException | ServletException e) {
            // read past the limit outside Spring MVC (a signature check caches the body first)
            if (!hasCause(e, RequestTooLargeException.class)) {
                throw e;
            }
            refuse(request, response);
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response)
            throws IOException
    {
        // the rest of the body is not read: the connection closes after the answer
        response.setHeader("Connection", "close");
        problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "request.too-large", List.of(limit / 1024));
    }

    private static boolean isUpload(String contentType)
    {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return UPLOAD_TYPES.contains(type);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type)
    {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** Counts what is read and fails one byte past the limit. */
    private static final class LimitedRequest
            extends HttpServletRequestWrapper
    {
        private final long limit;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long limit)
        {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream()
                throws IOException
        {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader()
                throws IOException
        {
            String encoding = getCharacterEncoding() == null ? StandardCharsets.UTF_8.name() : getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(), encoding));
        }
    }

    private static final class LimitedStream
            extends ServletInputStream
    {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        LimitedStream(ServletInputStream in, long limit)
        {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read()
                throws IOException
        {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length)
                throws IOException
        {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n)
                throws RequestTooLargeException
        {
            read += n;
            if (read > limit) {
                throw new RequestTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished()
        {
            return in.isFinished();
        }

        @Override
        public boolean isReady()
        {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener)
        {
            in.setReadListener(listener);
        }
    }
}
