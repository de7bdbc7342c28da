package io.meridian.server.dataset;

import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A dataset that work may read: mounted read-only at {@link #mountPath()}. {@code hostDirectory} is where its files
 * are on this host when the store is the local one; on S3 it is empty and the nodes mount the bucket instead
 * (docs/features/datasets.md). {@code template} is the annotation template's name ({@code INSTRUCTION_TUNING}…), or
 * {@code NONE} for a basic dataset.
 */
public record PublishedDataset(String id, String workspaceId, String name, String version, String template, Optional<Path> hostDirectory)
{
    /** The template of instruction tuning (指令微调), the only one data cleaning accepts (001-A §3.2). */
    public static final String INSTRUCTION_TUNING = "INSTRUCTION_TUNING";

    public PublishedDataset
    {
        requireNonNull(id, "id is null");
        requireNonNull(workspaceId, "workspaceId is null");
        requireNonNull(template, "template is null");
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
