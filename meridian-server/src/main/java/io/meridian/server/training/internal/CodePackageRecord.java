package io.meridian.server.training.internal;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An uploaded code package (我的代码包), its files under {@code storage/code/<id>} and mounted at {@code /work/mount/code/<id>}.
 *
 * @param archiveFormat how its content came: {@code zip}, {@code tar}, {@code tar.gz}, or {@code files} (up to five files)
 * @param entryFile the file a training task starts (启动文件名), relative to the package, if the uploader named one
 * @param updatedAt when its content was last (re-)uploaded
 */
record CodePackageRecord(String id, String tenantId, String ownerId, String name, String archiveFormat, long sizeBytes, int fileCount,
        Optional<String> entryFile, Instant createdAt, Instant updatedAt)
{
    CodePackageRecord
    {
        requireNonNull(id, "id is null");
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(ownerId, "ownerId is null");
        requireNonNull(name, "name is null");
        requireNonNull(entryFile, "entryFile is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(updatedAt, "updatedAt is null");
    }

    /** The same package with new content. */
    CodePackageRecord withContent(String archiveFormat, long sizeBytes, int fileCount, Optional<String> entryFile, Instant updatedAt)
    {
        return new CodePackageRecord(id, tenantId, ownerId, name, archiveFormat, sizeBytes, fileCount, entryFile, createdAt, updatedAt);
    }
}
