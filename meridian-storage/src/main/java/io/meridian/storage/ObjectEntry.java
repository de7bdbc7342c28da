package io.meridian.storage;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** One object of a listing: cheap to produce for millions of objects, so without the checksum ({@link ObjectStore#stat}). */
public record ObjectEntry(ObjectKey key, long size, Instant lastModified)
{
    public ObjectEntry
    {
        requireNonNull(key, "key is null");
        requireNonNull(lastModified, "lastModified is null");
    }
}
