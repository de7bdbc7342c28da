package io.meridian.server.storage;

import io.meridian.storage.ObjectEntry;
import io.meridian.storage.ObjectInfo;
import io.meridian.storage.ObjectKey;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The platform storage (平台共享存储) as features that keep assets in it see it: each feature writes only under its own
 * first key segment ({@code datasets/…}, {@code models/…}), and every write counts against the shared capacity, which
 * the console shows as remaining space. Bytes always stream.
 */
public interface AssetStorage
{
    /** Streams {@code content} into {@code key}; refused with 507 when the shared capacity would be exceeded. */
    ObjectInfo put(ObjectKey key, InputStream content, long length);

    Optional<ObjectInfo> stat(ObjectKey key);

    InputStream open(ObjectKey key);

    /** Every object under {@code prefix}, in key order; the caller closes the stream. */
    Stream<ObjectEntry> list(ObjectKey prefix);

    boolean delete(ObjectKey key);

    long deleteAll(ObjectKey prefix);

    ObjectInfo copy(ObjectKey from, ObjectKey to);

    /**
     * The host directory holding the objects under {@code prefix}, when the store is the local one: what the local
     * backend bind-mounts into instances. Empty on S3, where production mounts the bucket on the nodes instead.
     */
    Optional<Path> localDirectory(ObjectKey prefix);

    /** The shared capacity and what is used of it now. */
    StorageCapacity capacity();
}
