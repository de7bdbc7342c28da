package io.meridian.server.dataset.internal;

import java.time.Instant;

/** One dataset version as stored; {@code rowFiles} counts the validated row files under {@code rows/}. */
record DatasetRecord(
        String id,
        String tenantId,
        String workspaceId,
        String ownerId,
        DatasetKind kind,
        String name,
        String datasetVersion,
        String description,
        DataType dataType,
        AnnotationTemplate template,
        String storageType,
        String storagePath,
        String visibility,
        boolean confidential,
        DatasetStatus status,
        boolean published,
        long rowCount,
        int fileCount,
        long sizeBytes,
        int rowFiles,
        String sourceDatasetId,
        Instant createdAt,
        Instant updatedAt,
        long version)
{
    static final String VISIBILITY_OWNER = "OWNER";
    static final String VISIBILITY_WORKSPACE = "WORKSPACE";
    static final String STORAGE_PLATFORM = "PLATFORM";
    static final String STORAGE_OWN = "OWN";

    /** The object-store prefix of the dataset's files. */
    String prefix()
    {
        return "datasets/" + id;
    }
}
