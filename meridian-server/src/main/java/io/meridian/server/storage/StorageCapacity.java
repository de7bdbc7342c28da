package io.meridian.server.storage;

/**
 * The platform-shared storage's capacity (001-B §2.2.1: 300G by default, shared by every user, not expandable) and how
 * much of it objects take; {@link #remainingBytes()} is what the console shows.
 */
public record StorageCapacity(long totalBytes, long usedBytes)
{
    public StorageCapacity
    {
        if (totalBytes < 0 || usedBytes < 0) {
            throw new IllegalArgumentException("capacity is negative");
        }
    }

    public long remainingBytes()
    {
        return Math.max(0, totalBytes - usedBytes);
    }
}
