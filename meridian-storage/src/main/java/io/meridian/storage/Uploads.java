package io.meridian.storage;

import io.meridian.storage.StorageException.Reason;

import java.util.List;

/** The rules both stores apply to uploads, so that what one accepts the other does too. */
final class Uploads
{
    private Uploads() {}

    static void checkLength(long received, long announced)
    {
        if (announced >= 0 && received != announced) {
            throw new StorageException(Reason.INVALID, "received " + received + " bytes where " + announced + " were announced");
        }
    }

    /** Parts 1..n, each present, all but the last at least {@link ObjectStore#MIN_PART_SIZE}. */
    static void checkComplete(MultipartUpload upload, List<UploadPart> parts)
    {
        if (parts.isEmpty()) {
            throw new StorageException(Reason.INVALID, "the upload to " + upload.key() + " has no parts");
        }
        for (int i = 0; i < parts.size(); i++) {
            UploadPart part = parts.get(i);
            if (part.number() != i + 1) {
                throw new StorageException(Reason.INVALID, "the upload to " + upload.key() + " lacks part " + (i + 1));
            }
            if (i < parts.size() - 1 && part.size() < ObjectStore.MIN_PART_SIZE) {
                throw new StorageException(Reason.INVALID, "part " + part.number() + " of the upload to " + upload.key() + " has "
                        + part.size() + " bytes; every part but the last needs at least " + ObjectStore.MIN_PART_SIZE);
            }
        }
    }
}
