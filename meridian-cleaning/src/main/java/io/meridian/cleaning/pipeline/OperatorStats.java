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
    long cpuNanos;

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
     * The CPU time the operator took: its wall-clock time on its worker thread scaled by the share of that thread's
     * time that was spent on a CPU (on a loaded machine a thread waits for a core and wall-clock time overstates).
     */
    public long cpuNanos()
    {
        return cpuNanos;
    }

    /**
     * Throughput over the bytes this operator read, in MB/s of its own CPU time: MB/s per core.
     */
    public double megabytesPerSecond()
    {
        return cpuNanos == 0 ? 0 : bytesIn / 1e6 / (cpuNanos / 1e9);
    }

    /**
     * Sets this operator's CPU time from its wall-clock time and its thread's CPU share (see {@link #cpuNanos}).
     */
    void settleCpu(double cpuShare)
    {
        cpuNanos = (long) (nanos * cpuShare);
    }

    public void add(OperatorStats other)
    {
        rowsIn += other.rowsIn;
        rowsOut += other.rowsOut;
        rowsChanged += other.rowsChanged;
        bytesIn += other.bytesIn;
        bytesOut += other.bytesOut;
        nanos += other.nanos;
        cpuNanos += other.cpuNanos;
    }

    void addCpuNanos(long value)
    {
        cpuNanos += value;
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
                "{\"op\":\"%s\",\"rows_in\":%d,\"rows_out\":%d,\"rows_changed\":%d,\"bytes_in\":%d,\"bytes_out\":%d,\"seconds\":%.3f,\"cpu_seconds\":%.3f,\"mb_per_cpu_s\":%.1f}",
                name, rowsIn, rowsOut, rowsChanged, bytesIn, bytesOut, nanos / 1e9, cpuNanos / 1e9, megabytesPerSecond());
    }
}
