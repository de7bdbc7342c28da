package io.meridian.cleaning.pipeline;

import java.util.Locale;

/**
 * What one operator did in a run (or a shard of it): rows in and out, rows it changed, the bytes (UTF-8) of the
 * processed fields in and out, and the time it spent.
 */
public final class OperatorStats
{
    private final String name;
    long rowsIn;
    long rowsOut;
    long rowsChanged;
    long bytesIn;
    long bytesOut;
    long nanos;

    public OperatorStats(String name)
    {
        this.name = name;
    }

    public String name()
    {
        return name;
    }

    public long rowsIn()
    {
        return rowsIn;
    }

    public long rowsOut()
    {
        return rowsOut;
    }

    public long rowsChanged()
    {
        return rowsChanged;
    }

    public long bytesIn()
    {
        return bytesIn;
    }

    public long bytesOut()
    {
        return bytesOut;
    }

    public long nanos()
    {
        return nanos;
    }

    /**
     * Throughput over the bytes this operator read, in MB/s of its own CPU time (one core).
     */
    public double megabytesPerSecond()
    {
        return nanos == 0 ? 0 : bytesIn / 1e6 / (nanos / 1e9);
    }

    public void add(OperatorStats other)
    {
        rowsIn += other.rowsIn;
        rowsOut += other.rowsOut;
        rowsChanged += other.rowsChanged;
        bytesIn += other.bytesIn;
        bytesOut += other.bytesOut;
        nanos += other.nanos;
    }

    public void record(long rowsIn, long rowsOut, long rowsChanged, long bytesIn, long bytesOut, long nanos)
    {
        this.rowsIn += rowsIn;
        this.rowsOut += rowsOut;
        this.rowsChanged += rowsChanged;
        this.bytesIn += bytesIn;
        this.bytesOut += bytesOut;
        this.nanos += nanos;
    }

    public String toJson()
    {
        return String.format(Locale.ROOT,
                "{\"op\":\"%s\",\"rows_in\":%d,\"rows_out\":%d,\"rows_changed\":%d,\"bytes_in\":%d,\"bytes_out\":%d,\"seconds\":%.3f,\"mb_per_s\":%.1f}",
                name, rowsIn, rowsOut, rowsChanged, bytesIn, bytesOut, nanos / 1e9, megabytesPerSecond());
    }
}
