package io.meridian.storage;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/**
 * What a store knows about one object: its size, when it was last written, and the SHA-256 of its bytes, which the
 * store computed while the bytes streamed in and keeps with the object (the local store in a side file, S3 in the
 * object's metadata), so a later read can be verified against it.
 */
public record ObjectInfo(ObjectKey key, long size, Instant lastModified, String sha256)
{
    public ObjectInfo
    {
        requireNonNull(key, "key is null");
        requireNonNull(lastModified, "lastModified is null");
        requireNonNull(sha256, "sha256 is null");
        if (size < 0) {
            throw new IllegalArgumentException("size is negative");
        }
    }
}
