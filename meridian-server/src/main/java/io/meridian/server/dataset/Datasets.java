package io.meridian.server.dataset;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Datasets as the features that use them for work see them (training tasks, jobs): only a published dataset of the
 * caller's tenant is found, and it comes with where the local backend finds its files. Work that produces a dataset
 * (data cleaning) creates it empty and imports its rows when the work succeeds, as an ordinary import: the rows are
 * checked against the template and reported row by row.
 */
public interface Datasets
{
    /** The tenant's published dataset {@code datasetId}; empty for another tenant's, an unpublished or an unknown one. */
    Optional<PublishedDataset> findPublished(String tenantId, String datasetId);

    /**
     * Creates an empty annotated instruction-tuning dataset (创建成功) named {@code name}, version {@code version}, in the
     * workspace and owned by {@code ownerId}; returns its id. Refuses a name the annotated-dataset rule refuses ({@code
     * dataset.name.annotated}, field {@code field}) or one the tenant has already ({@code dataset.name.taken}).
     */
    String createInstructionTuning(NewDataset dataset);

    /**
     * Imports the rows of a jsonl file into a dataset made by {@link #createInstructionTuning} (导入成功, or 导入失败 with
     * the per-row report); never throws for what the file holds. Returns whether the import succeeded.
     */
    boolean importRows(String tenantId, String datasetId, Path jsonl);

    /** A dataset to create for work: the field its name came from, for a refusal. */
    record NewDataset(String tenantId, String workspaceId, String ownerId, String field, String name, String version, String description) {}
}
