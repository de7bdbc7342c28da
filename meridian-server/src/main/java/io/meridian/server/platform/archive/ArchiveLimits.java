package io.meridian.server.platform.archive;

/**
 * What one extraction may produce, so that a small archive cannot fill the disk or the inode table (zip bombs).
 * The ratio is checked only once {@code ratioFloorBytes} have been inflated: a few highly compressible files are normal.
 */
public record ArchiveLimits(long maxExtractedBytes, int maxEntries, int maxRatio, long ratioFloorBytes)
{
    public ArchiveLimits
    {
        if (maxExtractedBytes < 1 || maxEntries < 1 || maxRatio < 1 || ratioFloorBytes < 0) {
            throw new IllegalArgumentException("archive limits must be positive");
        }
    }
}
