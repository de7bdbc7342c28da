package io.meridian.server.storage.internal;

import io.meridian.server.platform.api.ApiException;
import io.meridian.server.storage.AssetStorage;
import io.meridian.server.storage.StorageCapacity;
import io.meridian.storage.LocalObjectStore;
import io.meridian.storage.ObjectEntry;
import io.meridian.storage.ObjectInfo;
import io.meridian.storage.ObjectKey;
import io.meridian.storage.ObjectStore;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * {@link AssetStorage} over the server's {@link ObjectStore}. Usage is counted once, by listing the store when first
 * asked, and then kept up to date by the writes and deletes made through here, so a capacity check costs nothing.
 */
@Service
class PlatformAssetStorage
        implements AssetStorage
{
    private final ObjectStore store;
    private final long totalBytes;
    private final AtomicLong used = new AtomicLong(-1);

    PlatformAssetStorage(ObjectStore store, StorageProperties properties)
    {
        this.store = requireNonNull(store, "store is null");
        this.totalBytes = properties.sharedCapacity().toBytes();
    }

    @Override
    public ObjectInfo put(ObjectKey key, InputStream content, long length)
    {
        long before = store.stat(key).map(ObjectInfo::size).orElse(0L);
        long usedNow = usedBytes();
        if (length >= 0 && usedNow - before + length > totalBytes) {
            throw full();
        }
        ObjectInfo written = store.put(key, content, length);
        used.addAndGet(written.size() - before);
        if (length < 0 && usedNow - before + written.size() > totalBytes) {
            // a stream of unknown length is checked once written: it is removed again
            delete(key);
            throw full();
        }
        return written;
    }

    @Override
    public Optional<ObjectInfo> stat(ObjectKey key)
    {
        return store.stat(key);
    }

    @Override
    public InputStream open(ObjectKey key)
    {
        return store.open(key);
    }

    @Override
    public Stream<ObjectEntry> list(ObjectKey prefix)
    {
        return store.list(prefix);
    }

    @Override
    public boolean delete(ObjectKey key)
    {
        Optional<ObjectInfo> existing = store.stat(key);
        boolean deleted = store.delete(key);
        if (deleted && existing.isPresent() && used.get() >= 0) {
            used.addAndGet(-existing.get().size());
        }
        return deleted;
    }

    @Override
    public long deleteAll(ObjectKey prefix)
    {
        long bytes;
        try (Stream<ObjectEntry> entries = store.list(prefix)) {
            bytes = entries.mapToLong(ObjectEntry::size).sum();
        }
        long deleted = store.deleteAll(prefix);
        if (used.get() >= 0) {
            used.addAndGet(-bytes);
        }
        return deleted;
    }

    @Override
    public ObjectInfo copy(ObjectKey from, ObjectKey to)
    {
        long size = store.stat(from).map(ObjectInfo::size).orElse(0L);
        if (usedBytes() + size > totalBytes) {
            throw full();
        }
        ObjectInfo copied = store.copy(from, to);
        used.addAndGet(copied.size());
        return copied;
    }

    @Override
    public Optional<Path> localDirectory(ObjectKey prefix)
    {
        if (store instanceof LocalObjectStore local) {
            return Optional.of(local.file(prefix));
        }
        return Optional.empty();
    }

    @Override
    public StorageCapacity capacity()
    {
        return new StorageCapacity(totalBytes, usedBytes());
    }

    private long usedBytes()
    {
        long current = used.get();
        if (current >= 0) {
            return current;
        }
        long counted = 0;
        for (String area : List.of("datasets", "models", "code-packages")) {
            try (Stream<ObjectEntry> entries = store.list(ObjectKey.of(area))) {
                counted += entries.mapToLong(ObjectEntry::size).sum();
            }
        }
        used.compareAndSet(-1, counted);
        return used.get();
    }

    private static ApiException full()
    {
        return new ApiException(HttpStatus.INSUFFICIENT_STORAGE, "storage.full", List.of(), List.of());
    }
}
