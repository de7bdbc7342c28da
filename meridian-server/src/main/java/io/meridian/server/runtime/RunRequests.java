package io.meridian.server.runtime;

import io.meridian.server.platform.api.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;

/** Request parameters every run API shares (training runs, jobs), read the same way with the same refusals. */
public final class RunRequests
{
    private RunRequests() {}

    /** A {@code status} filter: null when absent, else a run status (case-insensitive). */
    public static RunStatus status(String value)
    {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return RunStatus.valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw ApiException.badParameter("status", "runtime.run.status.unknown", value);
        }
    }

    /**
     * A log request: a tail from {@code offset} (follow with {@code nextOffset}), or, with any of {@code q}, {@code from},
     * {@code to}, the last {@code limit} matching lines.
     */
    public static WorkloadRuns.LogRequest logRequest(Long offset, Integer maxBytes, String q, String from, String to, Integer limit)
    {
        return new WorkloadRuns.LogRequest(offset, maxBytes, q == null || q.isEmpty() ? null : q, time("from", from), time("to", to), limit);
    }

    /**
     * Sends a whole instance log as a text attachment, written to a buffer first so that a refusal still becomes a problem
     * answer rather than a cut-off file. {@code writer} writes the log and returns the instance id.
     */
    public static void download(HttpServletResponse response, Function<ByteArrayOutputStream, String> writer)
            throws IOException
    {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        String instanceId = writer.apply(buffer);
        response.setContentType(MediaType.TEXT_PLAIN_VALUE + ";charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + instanceId + ".log\"");
        buffer.writeTo(response.getOutputStream());
    }

    public static String blankToNull(String value)
    {
        return value == null || value.isBlank() ? null : value;
    }

    private static Instant time(String parameter, String value)
    {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        }
        catch (DateTimeParseException e) {
            throw ApiException.badParameter(parameter, "runtime.time.invalid", value);
        }
    }
}
