package io.meridian.server.cleaning.internal;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** A cleaning task as stored: its definition, the datasets' names as they were when it was created, and its status. */
record CleaningTaskRecord(
        String id,
        String tenantId,
        String ownerId,
        CleaningDefinition definition,
        String inputDatasetName,
        String inputDatasetVersion,
        String outputDatasetName,
        CleaningStatus status,
        String latestRunId,
        Instant createdAt,
        Instant updatedAt,
        long version)
{
    CleaningTaskRecord
    {
        requireNonNull(id, "id is null");
        requireNonNull(tenantId, "tenantId is null");
        requireNonNull(ownerId, "ownerId is null");
        requireNonNull(definition, "definition is null");
        requireNonNull(status, "status is null");
    }

    String name()
    {
        return definition.name();
    }

    String workspaceId()
    {
        return definition.workspaceId();
    }
}
