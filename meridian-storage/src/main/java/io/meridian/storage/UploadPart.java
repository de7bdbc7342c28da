package io.meridian.storage;

import static java.util.Objects.requireNonNull;

/** One stored part of a multipart upload: its number (1–10000, as in S3), its size and the SHA-256 of its bytes. */
public record UploadPart(int number, long size, String sha256)
{
    public static final int MAX_PARTS = 10_000;

    public UploadPart
    {
        requireNonNull(sha256, "sha256 is null");
        checkNumber(number);
    }

    static void checkNumber(int number)
    {
        if (number < 1 || number > MAX_PARTS) {
            throw new IllegalArgumentException("part number " + number + " is not between 1 and " + MAX_PARTS);
        }
    }
}
