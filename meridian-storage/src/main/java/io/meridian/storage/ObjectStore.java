package io.meridian.storage;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where Meridian keeps what users upload (datasets, code packages, models): a flat space of {@link ObjectKey}s, as in
 * S3, with two implementations that pass the same contract tests: {@link LocalObjectStore} (the embedded default, a
 * directory under {@code MERIDIAN_HOME}) and {@link S3ObjectStore} (any S3-compatible store).
 *
 * <p>Bytes always stream: no method holds an object in memory, whatever its size. Every write records the SHA-256 of
 * what was written, and {@link #verify} reads an object back against it. Keys whose first segment is
 * {@value #RESERVED_PREFIX} belong to the store itself and are refused.
 */
public interface ObjectStore
{
    String RESERVED_PREFIX = ".meridian";

    /** S3's smallest part but the last; both stores refuse smaller ones so that what works locally works on S3. */
    long MIN_PART_SIZE = 5L << 20;

    /**
     * Streams {@code content} into {@code key}, replacing any object there; {@code length} is the number of bytes
     * when known, or -1. A reader never sees a partly written object: until this returns, readers see the old one.
     */
    ObjectInfo put(ObjectKey key, InputStream content, long length);

    Optional<ObjectInfo> stat(ObjectKey key);

    /** The object's bytes; the caller closes the stream. */
    InputStream open(ObjectKey key);

    /** {@code length} bytes of the object from {@code offset} (fewer at its end), as for an HTTP range request. */
    InputStream open(ObjectKey key, long offset, long length);

    /** Reads the whole object and fails with {@link StorageException.Reason#CHECKSUM_MISMATCH} unless it is intact. */
    ObjectInfo verify(ObjectKey key);

    /** Every object under {@code prefix} (segment-wise), in key order; the caller closes the stream. */
    Stream<ObjectEntry> list(ObjectKey prefix);

    /** Deletes the object; false when there was none. */
    boolean delete(ObjectKey key);

    /** Deletes every object under {@code prefix}; returns how many there were. */
    long deleteAll(ObjectKey prefix);

    ObjectInfo copy(ObjectKey from, ObjectKey to);

    /** Starts a multipart upload into {@code key}; its parts can be sent in any order, and resumed after a restart. */
    MultipartUpload startUpload(ObjectKey key);

    /** Stores part {@code number} (1–10000), replacing an earlier try of the same part. */
    UploadPart uploadPart(MultipartUpload upload, int number, InputStream content, long length);

    /** The parts stored so far, by number: what a client resuming an interrupted upload need not send again. */
    List<UploadPart> parts(MultipartUpload upload);

    /** Joins parts 1..n (all present, all but the last at least {@link #MIN_PART_SIZE}) into the object. */
    ObjectInfo completeUpload(MultipartUpload upload);

    void abortUpload(MultipartUpload upload);
}
