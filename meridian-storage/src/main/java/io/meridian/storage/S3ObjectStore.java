package io.meridian.storage;

import io.meridian.storage.StorageException.Reason;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Objects in a bucket of any S3-compatible store (AWS S3, MinIO, the spec's ZOS), optionally under a prefix, through
 * the AWS SDK for Java v2. The SHA-256 of each object is kept beside it under {@code <prefix>.meridian/sha256/<key>},
 * as the local store keeps it, because S3 can only take metadata before the bytes whose checksum it would be.
 *
 * <p>A put of unknown or large length becomes a multipart upload of {@value #PART_SIZE_MIB} MiB parts, so memory
 * stays at one part whatever the object's size. Completing a client's multipart upload reads the object back once to
 * compute its checksum: the parts' checksums cannot be combined into the whole's.
 */
public final class S3ObjectStore
        implements ObjectStore
{
    private static final int PART_SIZE_MIB = 16;
    private static final int PART_SIZE = PART_SIZE_MIB << 20;
    private static final long MAX_COPY_SIZE = 5L << 30;
    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    /** {@code prefix} is empty or ends with a slash: all keys of this store live below it in {@code bucket}. */
    public S3ObjectStore(S3Client s3, String bucket, String prefix)
    {
        this.s3 = requireNonNull(s3, "s3 is null");
        this.bucket = requireNonNull(bucket, "bucket is null");
        this.prefix = requireNonNull(prefix, "prefix is null");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            throw new IllegalArgumentException("prefix must be empty or end with a slash: " + prefix);
        }
    }

    @Override
    public ObjectInfo put(ObjectKey key, InputStream content, long length)
    {
        requireNonNull(content, "content is null");
        String name = name(key);
        Sha256 hashing = new Sha256(content);
        try {
            if (length >= 0 && length <= PART_SIZE) {
                send(hashing, length, () -> s3.putObject(request -> request.bucket(bucket).key(name), RequestBody.fromInputStream(hashing, length)));
            }
            else {
                putInParts(name, hashing);
                Uploads.checkLength(hashing.count(), length);
            }
            return recordChecksum(key, hashing.hex());
        }
        catch (SdkException e) {
            throw failure("cannot write " + key, e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(ObjectKey key)
    {
        HeadObjectResponse head;
        try {
            head = s3.headObject(request -> request.bucket(bucket).key(name(key)));
        }
        catch (SdkException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw failure("cannot read " + key, e);
        }
        return Optional.of(new ObjectInfo(key, head.contentLength(), head.lastModified(), checksum(key)));
    }

    @Override
    public InputStream open(ObjectKey key)
    {
        try {
            return s3.getObject(request -> request.bucket(bucket).key(name(key)));
        }
        catch (SdkException e) {
            throw failure("cannot read " + key, e);
        }
    }

    @Override
    public InputStream open(ObjectKey key, long offset, long length)
    {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative");
        }
        if (length == 0) {
            stat(key).orElseThrow(() -> new StorageException(Reason.NOT_FOUND, "no object " + key));
            return InputStream.nullInputStream();
        }
        String range = "bytes=" + offset + "-" + (Long.MAX_VALUE - length < offset ? "" : Long.toString(offset + length - 1));
        try {
            ResponseInputStream<GetObjectResponse> in = s3.getObject(request -> request.bucket(bucket).key(name(key)).range(range));
            return in;
        }
        catch (S3Exception e) {
            if (e.statusCode() == 416) {
                // a range past the end: nothing, as for the local store
                return InputStream.nullInputStream();
            }
            throw failure("cannot read " + key, e);
        }
        catch (SdkException e) {
            throw failure("cannot read " + key, e);
        }
    }

    @Override
    public ObjectInfo verify(ObjectKey key)
    {
        ObjectInfo recorded = stat(key).orElseThrow(() -> new StorageException(Reason.NOT_FOUND, "no object " + key));
        String actual = hashOf(key);
        if (!actual.equals(recorded.sha256())) {
            throw new StorageException(Reason.CHECKSUM_MISMATCH,
                    "object " + key + " is damaged: its SHA-256 is " + actual + " but " + recorded.sha256() + " was written");
        }
        return recorded;
    }

    @Override
    public Stream<ObjectEntry> list(ObjectKey under)
    {
        String listed = name(under) + "/";
        try {
            return s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(listed))
                    .contents()
                    .stream()
                    .map(object -> new ObjectEntry(new ObjectKey(object.key().substring(prefix.length())), object.size(), object.lastModified()));
        }
        catch (SdkException e) {
            throw failure("cannot list " + under, e);
        }
    }

    @Override
    public boolean delete(ObjectKey key)
    {
        if (stat(key).isEmpty()) {
            return false;
        }
        deleteNames(List.of(name(key), checksumName(key)));
        return true;
    }

    @Override
    public long deleteAll(ObjectKey under)
    {
        long deleted = 0;
        List<String> batch = new ArrayList<>();
        try (Stream<ObjectEntry> entries = list(under)) {
            for (Iterator<ObjectEntry> it = entries.iterator(); it.hasNext(); ) {
                ObjectKey key = it.next().key();
                batch.add(name(key));
                batch.add(checksumName(key));
                deleted++;
                if (batch.size() >= DELETE_BATCH) {
                    deleteNames(batch);
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            deleteNames(batch);
        }
        return deleted;
    }

    @Override
    public ObjectInfo copy(ObjectKey from, ObjectKey to)
    {
        ObjectInfo source = stat(from).orElseThrow(() -> new StorageException(Reason.NOT_FOUND, "no object " + from));
        if (source.size() > MAX_COPY_SIZE) {
            // beyond what one server-side copy takes: through this process, one part at a time
            try (InputStream in = open(from)) {
                return put(to, in, source.size());
            }
            catch (IOException e) {
                throw new StorageException(Reason.UNAVAILABLE, "cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
            }
        }
        try {
            s3.copyObject(request -> request.sourceBucket(bucket).sourceKey(name(from)).destinationBucket(bucket).destinationKey(name(to)));
        }
        catch (SdkException e) {
            throw failure("cannot copy " + from + " to " + to, e);
        }
        return recordChecksum(to, source.sha256());
    }

    @Override
    public MultipartUpload startUpload(ObjectKey key)
    {
        try {
            String id = s3.createMultipartUpload(request -> request.bucket(bucket).key(name(key))).uploadId();
            return new MultipartUpload(key, id);
        }
        catch (SdkException e) {
            throw failure("cannot start an upload to " + key, e);
        }
    }

    @Override
    public UploadPart uploadPart(MultipartUpload upload, int number, InputStream content, long length)
    {
        UploadPart.checkNumber(number);
        if (length < 0) {
            throw new IllegalArgumentException("an S3 part needs its length");
        }
        Sha256 hashing = new Sha256(content);
        try {
            send(hashing, length, () -> s3.uploadPart(
                    request -> request.bucket(bucket).key(name(upload.key())).uploadId(upload.id()).partNumber(number).contentLength(length),
                    RequestBody.fromInputStream(hashing, length)));
            String sha256 = hashing.hex();
            putText(partChecksumName(upload, number), sha256);
            return new UploadPart(number, length, sha256);
        }
        catch (SdkException e) {
            throw failure("cannot store part " + number + " of the upload to " + upload.key(), e);
        }
    }

    @Override
    public List<UploadPart> parts(MultipartUpload upload)
    {
        List<UploadPart> parts = new ArrayList<>();
        for (Part part : storedParts(upload)) {
            // a part without its checksum is one whose upload did not finish: send it again
            Optional<String> sha256 = getText(partChecksumName(upload, part.partNumber()));
            sha256.ifPresent(hex -> parts.add(new UploadPart(part.partNumber(), part.size(), hex)));
        }
        return parts;
    }

    @Override
    public ObjectInfo completeUpload(MultipartUpload upload)
    {
        List<Part> stored = storedParts(upload);
        Uploads.checkComplete(upload, parts(upload));
        List<CompletedPart> completed = stored.stream()
                .map(part -> CompletedPart.builder().partNumber(part.partNumber()).eTag(part.eTag()).build())
                .toList();
        try {
            s3.completeMultipartUpload(request -> request.bucket(bucket).key(name(upload.key())).uploadId(upload.id())
                    .multipartUpload(parts -> parts.parts(completed)));
        }
        catch (SdkException e) {
            throw failure("cannot complete the upload to " + upload.key(), e);
        }
        deletePartChecksums(upload, stored.size());
        return recordChecksum(upload.key(), hashOf(upload.key()));
    }

    @Override
    public void abortUpload(MultipartUpload upload)
    {
        int parts = storedParts(upload).size();
        try {
            s3.abortMultipartUpload(request -> request.bucket(bucket).key(name(upload.key())).uploadId(upload.id()));
        }
        catch (SdkException e) {
            throw failure("cannot abort the upload to " + upload.key(), e);
        }
        deletePartChecksums(upload, parts);
    }

    /** Sends a body of announced {@code length}; a stream that ends early is the caller's mistake, not the store's. */
    private static void send(Sha256 body, long length, Runnable request)
    {
        try {
            request.run();
        }
        catch (IllegalStateException e) {
            // the SDK's words for a body shorter than its content length, or for a retry of a body it cannot replay
            Uploads.checkLength(body.count(), length);
            throw new StorageException(Reason.UNAVAILABLE, "the store failed while the bytes were being sent and they cannot be sent "
                    + "again from here; send them again: " + e.getMessage(), e);
        }
        Uploads.checkLength(body.count(), length);
    }

    private void putInParts(String name, InputStream content)
    {
        String id = s3.createMultipartUpload(request -> request.bucket(bucket).key(name)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buffer = new byte[PART_SIZE];
            while (true) {
                int filled = content.readNBytes(buffer, 0, PART_SIZE);
                if (filled == 0 && !parts.isEmpty()) {
                    break;
                }
                int number = parts.size() + 1;
                String etag = s3.uploadPart(request -> request.bucket(bucket).key(name).uploadId(id).partNumber(number).contentLength((long) filled),
                        RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, filled), filled)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                if (filled < PART_SIZE) {
                    break;
                }
            }
            s3.completeMultipartUpload(request -> request.bucket(bucket).key(name).uploadId(id).multipartUpload(upload -> upload.parts(parts)));
        }
        catch (IOException e) {
            abortQuietly(name, id);
            throw new StorageException(Reason.UNAVAILABLE, "cannot read what is to be written to " + name + ": " + e.getMessage(), e);
        }
        catch (SdkException e) {
            abortQuietly(name, id);
            throw failure("cannot write " + name, e);
        }
    }

    private void abortQuietly(String name, String id)
    {
        try {
            s3.abortMultipartUpload(request -> request.bucket(bucket).key(name).uploadId(id));
        }
        catch (SdkException e) {
            // the parts stay until the bucket's lifecycle rule for incomplete uploads removes them
        }
    }

    private List<Part> storedParts(MultipartUpload upload)
    {
        try {
            List<Part> parts = new ArrayList<>();
            Integer marker = 0;
            while (true) {
                Integer after = marker;
                ListPartsResponse page = s3.listParts(request -> request.bucket(bucket).key(name(upload.key())).uploadId(upload.id()).partNumberMarker(after));
                parts.addAll(page.parts());
                if (!Boolean.TRUE.equals(page.isTruncated())) {
                    return parts;
                }
                marker = page.nextPartNumberMarker();
            }
        }
        catch (SdkException e) {
            throw failure("cannot list the parts of the upload to " + upload.key(), e);
        }
    }

    private ObjectInfo recordChecksum(ObjectKey key, String sha256)
    {
        putText(checksumName(key), sha256);
        HeadObjectResponse head = s3.headObject(request -> request.bucket(bucket).key(name(key)));
        return new ObjectInfo(key, head.contentLength(), head.lastModified(), sha256);
    }

    private String checksum(ObjectKey key)
    {
        // an object written by another tool has none yet: compute it once and keep it
        return getText(checksumName(key)).orElseGet(() -> recordChecksum(key, hashOf(key)).sha256());
    }

    private String hashOf(ObjectKey key)
    {
        try (InputStream in = open(key)) {
            return Sha256.of(in);
        }
        catch (IOException e) {
            throw new StorageException(Reason.UNAVAILABLE, "cannot read " + key + ": " + e.getMessage(), e);
        }
    }

    private void putText(String name, String text)
    {
        try {
            s3.putObject(request -> request.bucket(bucket).key(name), RequestBody.fromString(text, StandardCharsets.UTF_8));
        }
        catch (SdkException e) {
            throw failure("cannot write " + name, e);
        }
    }

    private Optional<String> getText(String name)
    {
        try {
            return Optional.of(s3.getObjectAsBytes(request -> request.bucket(bucket).key(name)).asUtf8String().strip());
        }
        catch (SdkException e) {
            if (isNotFound(e)) {
                return Optional.empty();
            }
            throw failure("cannot read " + name, e);
        }
    }

    private void deleteNames(List<String> names)
    {
        List<ObjectIdentifier> identifiers = names.stream().map(name -> ObjectIdentifier.builder().key(name).build()).toList();
        try {
            s3.deleteObjects(request -> request.bucket(bucket).delete(Delete.builder().objects(identifiers).quiet(true).build()));
        }
        catch (SdkException e) {
            throw failure("cannot delete " + names.size() + " objects", e);
        }
    }

    private void deletePartChecksums(MultipartUpload upload, int parts)
    {
        List<String> names = new ArrayList<>();
        for (int number = 1; number <= parts; number++) {
            names.add(partChecksumName(upload, number));
        }
        if (!names.isEmpty()) {
            deleteNames(names);
        }
    }

    private String name(ObjectKey key)
    {
        requireNonNull(key, "key is null");
        if (key.segments().getFirst().equals(RESERVED_PREFIX)) {
            throw new IllegalArgumentException("object key '" + key + "' lies under the store's reserved prefix " + RESERVED_PREFIX);
        }
        return prefix + key.value();
    }

    private String checksumName(ObjectKey key)
    {
        return prefix + RESERVED_PREFIX + "/sha256/" + key.value();
    }

    private String partChecksumName(MultipartUpload upload, int number)
    {
        // upload ids are the store's: hashed, so whatever characters they hold make a valid name
        String id = HexFormat.of().formatHex(Sha256.newDigest().digest(upload.id().getBytes(StandardCharsets.UTF_8)));
        return prefix + RESERVED_PREFIX + "/uploads/" + id + "/" + number;
    }

    private static boolean isNotFound(SdkException e)
    {
        return e instanceof S3Exception s3Exception && s3Exception.statusCode() == 404;
    }

    private static StorageException failure(String message, SdkException e)
    {
        if (isNotFound(e)) {
            return new StorageException(Reason.NOT_FOUND, message + ": not found", e);
        }
        if (e instanceof S3Exception s3Exception && s3Exception.statusCode() == 400) {
            return new StorageException(Reason.INVALID, message + ": " + s3Exception.awsErrorDetails().errorMessage(), e);
        }
        String detail = e instanceof SdkClientException ? "the store cannot be reached: " + e.getMessage() : e.getMessage();
        return new StorageException(Reason.UNAVAILABLE, message + ": " + detail, e);
    }
}
