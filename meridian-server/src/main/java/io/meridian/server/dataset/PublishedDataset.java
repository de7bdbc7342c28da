package io.meridian.server.dataset;

import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A dataset that work may read: mounted read-only at {@link #mountPath()}. {@code hostDirectory} is where its files
 * are on this host when the store is the local one; on S3 it is empty and the nodes mount the bucket instead
 * (docs/features/datasets.md).
 */
public record PublishedDataset(String id, String name, String version, Optional<Path> hostDirectory)
{
    public PublishedDataset
    {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        requireNonNull(hostDirectory, "hostDirectory is null");
    }

    /**
     * {@code /work/mount/dataset/<id>}: by id, as code packages are, because names may be Chinese and one name has
     * several versions. It holds {@code files/} (as imported) and {@code published/data.jsonl} (the rows as annotated
     * when published).
     */
    public String mountPath()
    {
        return "/work/mount/dataset/" + id;
    }
}
