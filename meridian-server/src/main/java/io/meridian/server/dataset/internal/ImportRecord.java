package io.meridian.server.dataset.internal;

import java.time.Instant;

/** One import into a dataset and its outcome. */
record ImportRecord(
        String id,
        String tenantId,
        String datasetId,
        String source,
        String sourceUrl,
        DatasetStatus status,
        int fileCount,
        int duplicateCount,
        long rowCount,
        long errorCount,
        String errorCode,
        String errorArgs,
        Instant createdAt,
        Instant finishedAt)
{
    static final String SOURCE_DIRECTORY = "DIRECTORY";
    static final String SOURCE_ARCHIVE = "ARCHIVE";
    static final String SOURCE_URL = "URL";
    /** Rows that work produced (a cleaning task's output). */
    static final String SOURCE_WORK = "WORK";
}
