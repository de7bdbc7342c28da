package io.meridian.server.dataset;

import java.util.Optional;

/**
 * Datasets as the features that use them for work see them (training tasks, jobs): only a published dataset of the
 * caller's tenant is found, and it comes with where the local backend finds its files.
 */
public interface Datasets
{
    /** The tenant's published dataset {@code datasetId}; empty for another tenant's, an unpublished or an unknown one. */
    Optional<PublishedDataset> findPublished(String tenantId, String datasetId);
}
