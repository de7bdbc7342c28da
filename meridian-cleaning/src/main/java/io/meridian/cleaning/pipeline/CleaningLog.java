package io.meridian.cleaning.pipeline;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import static java.util.Objects.requireNonNull;

/**
 * Log lines in the style of the cleaning logs the spec shows (Data-Juicer's): a millisecond timestamp, the level, where
 * it comes from, and the message, e.g. {@code 2025-02-17 04:15:20.000 | INFO | shard 0/2 | OP [clean_html_mapper]
 * Done in 1.234s. Left 9876 samples.}
 */
public final class CleaningLog
{
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final PrintStream out;

    public CleaningLog(PrintStream out)
    {
        this.out = requireNonNull(out, "out is null");
    }

    public void info(String source, String message)
    {
        write("INFO", source, message);
    }

    public void warn(String source, String message)
    {
        write("WARNING", source, message);
    }

    private void write(String level, String source, String message)
    {
        String line = LocalDateTime.now().format(TIME) + " | " + level + " | " + source + " | " + message;
        synchronized (out) {
            out.println(line);
        }
    }
}
