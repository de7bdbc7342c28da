package io.meridian.storage;

import static java.util.Objects.requireNonNull;

/** A multipart upload in progress: the object it will become and the store's id for it (S3's upload id). */
public record MultipartUpload(ObjectKey key, String id)
{
    public MultipartUpload
    {
        requireNonNull(key, "key is null");
        requireNonNull(id, "id is null");
        if (id.isBlank()) {
            throw new IllegalArgumentException("upload id is blank");
        }
    }
}
