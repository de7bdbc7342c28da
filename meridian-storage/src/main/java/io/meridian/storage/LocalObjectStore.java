package io.meridian.storage;

import io.meridian.storage.StorageException.Reason;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static java.util.Objects.requireNonNull;

/**
 * Objects as files under a root directory: the object {@code a/b.txt} is the file {@code <root>/a/b.txt}, so a
 * workload can mount a dataset's directory directly. The store's own files live under {@code <root>/.meridian}:
 * checksums ({@code sha256/<key>}), files being written ({@code tmp/}) and multipart uploads ({@code uploads/<id>/}).
 *
 * <p>A write goes to a temporary file, is forced to disk and then renamed over the object, so a crash leaves either
 * the old object or the new one. The checksum file is removed before the rename and written after it; an object
 * without one (a crash in between) gets it recomputed on its next {@link #stat}. Symbolic links are never followed:
 * a key that would pass through one is refused, so nothing planted under the root can redirect a write outside it.
 */
public final class LocalObjectStore
        implements ObjectStore
{
    private static final Pattern UPLOAD_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String KEY_FILE = "key";

    private final Path root;
    private final Path checksums;
    private final Path temporary;
    private final Path uploads;

    public LocalObjectStore(Path root)
    {
        requireNonNull(root, "root is null");
        try {
            Files.createDirectories(root);
            this.root = root.toRealPath();
            Path own = this.root.resolve(RESERVED_PREFIX);
            this.checksums = Files.createDirectories(own.resolve("sha256"));
            this.temporary = Files.createDirectories(own.resolve("tmp"));
            this.uploads = Files.createDirectories(own.resolve("uploads"));
            // what a crash left half-written is never an object
            try (Stream<Path> leftovers = Files.list(temporary)) {
                for (Path leftover : (Iterable<Path>) leftovers::iterator) {
                    Files.deleteIfExists(leftover);
                }
            }
        }
        catch (IOException e) {
            throw new StorageException(Reason.UNAVAILABLE, "cannot open the object store at " + root + ": " + e.getMessage(), e);
        }
    }

    /** The file that holds {@code key}'s bytes: what a workload on this host mounts. */
    public Path file(ObjectKey key)
    {
        return objectPath(key);
    }

    @Override
    public ObjectInfo put(ObjectKey key, InputStream content, long length)
    {
        requireNonNull(content, "content is null");
        Path target = objectPath(key);
        Path written = temporaryFile();
        try {
            String sha256 = write(content, length, written);
            return install(key, target, written, sha256);
        }
        catch (IOException e) {
            throw unavailable("cannot write " + key, e);
        }
        finally {
            deleteQuietly(written);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(ObjectKey key)
    {
        Path file = objectPath(key);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new ObjectInfo(key, attributes.size(), attributes.lastModifiedTime().toInstant(), checksum(key, file)));
        }
        catch (NoSuchFileException e) {
            return Optional.empty();
        }
        catch (IOException e) {
            throw unavailable("cannot read " + key, e);
        }
    }

    @Override
    public InputStream open(ObjectKey key)
    {
        return open(key, 0, Long.MAX_VALUE);
    }

    @Override
    public InputStream open(ObjectKey key, long offset, long length)
    {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must not be negative");
        }
        Path file = objectPath(key);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            channel.position(offset);
            return new BoundedInputStream(Channels.newInputStream(channel), length);
        }
        catch (NoSuchFileException e) {
            throw notFound(key);
        }
        catch (IOException e) {
            throw unavailable("cannot read " + key, e);
        }
    }

    @Override
    public ObjectInfo verify(ObjectKey key)
    {
        ObjectInfo recorded = stat(key).orElseThrow(() -> notFound(key));
        String actual;
        try (InputStream in = open(key)) {
            actual = Sha256.of(in);
        }
        catch (IOException e) {
            throw unavailable("cannot read " + key, e);
        }
        if (!actual.equals(recorded.sha256())) {
            throw new StorageException(Reason.CHECKSUM_MISMATCH,
                    "object " + key + " is damaged: its SHA-256 is " + actual + " but " + recorded.sha256() + " was written");
        }
        return recorded;
    }

    @Override
    public Stream<ObjectEntry> list(ObjectKey prefix)
    {
        Path directory = objectPath(prefix);
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return Stream.empty();
        }
        Iterator<ObjectEntry> walk = new SortedWalk(directory, prefix);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(walk, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public boolean delete(ObjectKey key)
    {
        Path file = objectPath(key);
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            Files.deleteIfExists(file);
            Files.deleteIfExists(checksumPath(key));
            removeEmptyParents(file.getParent(), root);
            removeEmptyParents(checksumPath(key).getParent(), checksums);
            return true;
        }
        catch (IOException e) {
            throw unavailable("cannot delete " + key, e);
        }
    }

    @Override
    public long deleteAll(ObjectKey prefix)
    {
        List<ObjectKey> keys;
        try (Stream<ObjectEntry> entries = list(prefix)) {
            keys = entries.map(ObjectEntry::key).toList();
        }
        long deleted = 0;
        for (ObjectKey key : keys) {
            if (delete(key)) {
                deleted++;
            }
        }
        return deleted;
    }

    @Override
    public ObjectInfo copy(ObjectKey from, ObjectKey to)
    {
        ObjectInfo source = stat(from).orElseThrow(() -> notFound(from));
        Path target = objectPath(to);
        Path written = temporaryFile();
        try {
            Files.copy(objectPath(from), written, StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
            force(written);
            return install(to, target, written, source.sha256());
        }
        catch (NoSuchFileException e) {
            throw notFound(from);
        }
        catch (IOException e) {
            throw unavailable("cannot copy " + from + " to " + to, e);
        }
        finally {
            deleteQuietly(written);
        }
    }

    @Override
    public MultipartUpload startUpload(ObjectKey key)
    {
        objectPath(key);
        MultipartUpload upload = new MultipartUpload(key, UUID.randomUUID().toString());
        try {
            Path directory = Files.createDirectory(uploads.resolve(upload.id()));
            writeAtomically(directory.resolve(KEY_FILE), key.value());
            return upload;
        }
        catch (IOException e) {
            throw unavailable("cannot start an upload to " + key, e);
        }
    }

    @Override
    public UploadPart uploadPart(MultipartUpload upload, int number, InputStream content, long length)
    {
        UploadPart.checkNumber(number);
        Path directory = uploadDirectory(upload);
        Path written = temporaryFile();
        try {
            String sha256 = write(content, length, written);
            long size = Files.size(written);
            // the checksum first: a part file without one is a part whose write did not finish
            Files.deleteIfExists(directory.resolve(partName(number) + ".sha256"));
            Files.move(written, directory.resolve(partName(number)), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            writeAtomically(directory.resolve(partName(number) + ".sha256"), sha256);
            return new UploadPart(number, size, sha256);
        }
        catch (IOException e) {
            throw unavailable("cannot store part " + number + " of the upload to " + upload.key(), e);
        }
        finally {
            deleteQuietly(written);
        }
    }

    @Override
    public List<UploadPart> parts(MultipartUpload upload)
    {
        Path directory = uploadDirectory(upload);
        List<UploadPart> parts = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "part-?????")) {
            for (Path part : files) {
                Path checksum = part.resolveSibling(part.getFileName() + ".sha256");
                if (Files.exists(checksum)) {
                    int number = Integer.parseInt(part.getFileName().toString().substring("part-".length()));
                    parts.add(new UploadPart(number, Files.size(part), Files.readString(checksum).strip()));
                }
            }
        }
        catch (IOException e) {
            throw unavailable("cannot list the parts of the upload to " + upload.key(), e);
        }
        parts.sort(Comparator.comparingInt(UploadPart::number));
        return parts;
    }

    @Override
    public ObjectInfo completeUpload(MultipartUpload upload)
    {
        List<UploadPart> parts = parts(upload);
        Uploads.checkComplete(upload, parts);
        Path directory = uploadDirectory(upload);
        Path written = temporaryFile();
        try {
            Iterator<UploadPart> remaining = parts.iterator();
            // one part file open at a time, however many parts there are
            Enumeration<InputStream> partStreams = new Enumeration<>()
            {
                @Override
                public boolean hasMoreElements()
                {
                    return remaining.hasNext();
                }

                @Override
                public InputStream nextElement()
                {
                    try {
                        return Files.newInputStream(directory.resolve(partName(remaining.next().number())));
                    }
                    catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
            String sha256;
            try (InputStream joined = new SequenceInputStream(partStreams)) {
                sha256 = write(joined, -1, written);
            }
            ObjectInfo info = install(upload.key(), objectPath(upload.key()), written, sha256);
            deleteTree(directory);
            return info;
        }
        catch (IOException e) {
            throw unavailable("cannot complete the upload to " + upload.key(), e);
        }
        finally {
            deleteQuietly(written);
        }
    }

    @Override
    public void abortUpload(MultipartUpload upload)
    {
        try {
            deleteTree(uploadDirectory(upload));
        }
        catch (IOException e) {
            throw unavailable("cannot abort the upload to " + upload.key(), e);
        }
    }

    private String write(InputStream content, long length, Path written)
            throws IOException
    {
        Sha256 hashing = new Sha256(content);
        try (OutputStream out = Files.newOutputStream(written, StandardOpenOption.CREATE_NEW)) {
            hashing.transferTo(out);
        }
        Uploads.checkLength(hashing.count(), length);
        force(written);
        return hashing.hex();
    }

    private ObjectInfo install(ObjectKey key, Path target, Path written, String sha256)
            throws IOException
    {
        Path checksum = checksumPath(key);
        createParents(target, root);
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new StorageException(Reason.INVALID, "object " + key + " cannot be written: other objects lie under " + key + "/");
        }
        Files.deleteIfExists(checksum);
        Files.move(written, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        createParents(checksum, checksums);
        writeAtomically(checksum, sha256);
        BasicFileAttributes attributes = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return new ObjectInfo(key, attributes.size(), attributes.lastModifiedTime().toInstant(), sha256);
    }

    private String checksum(ObjectKey key, Path file)
            throws IOException
    {
        Path checksum = checksumPath(key);
        try {
            return Files.readString(checksum).strip();
        }
        catch (NoSuchFileException e) {
            // a crash between installing the object and recording its checksum
            String sha256;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                sha256 = Sha256.of(in);
            }
            createParents(checksum, checksums);
            writeAtomically(checksum, sha256);
            return sha256;
        }
    }

    private Path objectPath(ObjectKey key)
    {
        requireNonNull(key, "key is null");
        if (key.segments().getFirst().equals(RESERVED_PREFIX)) {
            throw new IllegalArgumentException("object key '" + key + "' lies under the store's reserved prefix " + RESERVED_PREFIX);
        }
        Path path = root;
        for (String segment : key.segments()) {
            path = path.resolve(segment);
            // a link planted anywhere on the way could point outside the root
            if (Files.isSymbolicLink(path)) {
                throw new StorageException(Reason.INVALID, "object key '" + key + "' passes through a symbolic link");
            }
        }
        return path;
    }

    private Path checksumPath(ObjectKey key)
    {
        Path path = checksums;
        for (String segment : key.segments()) {
            path = path.resolve(segment);
        }
        return path;
    }

    private Path uploadDirectory(MultipartUpload upload)
    {
        if (!UPLOAD_ID.matcher(upload.id()).matches()) {
            throw new StorageException(Reason.NOT_FOUND, "no upload " + upload.id());
        }
        Path directory = uploads.resolve(upload.id());
        try {
            String key = Files.readString(directory.resolve(KEY_FILE));
            if (!key.equals(upload.key().value())) {
                throw new StorageException(Reason.NOT_FOUND, "upload " + upload.id() + " is not an upload to " + upload.key());
            }
            return directory;
        }
        catch (NoSuchFileException e) {
            throw new StorageException(Reason.NOT_FOUND, "no upload " + upload.id() + " to " + upload.key());
        }
        catch (IOException e) {
            throw unavailable("cannot read upload " + upload.id(), e);
        }
    }

    private Path temporaryFile()
    {
        return temporary.resolve(UUID.randomUUID().toString());
    }

    private void writeAtomically(Path file, String content)
            throws IOException
    {
        Path written = temporaryFile();
        try {
            Files.writeString(written, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            force(written);
            Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        finally {
            deleteQuietly(written);
        }
    }

    private static void createParents(Path file, Path base)
            throws IOException
    {
        Path parent = file.getParent();
        try {
            Files.createDirectories(parent);
        }
        catch (FileAlreadyExistsException e) {
            throw new StorageException(Reason.INVALID, "an object already exists where a directory is needed: " + base.relativize(parent));
        }
    }

    private static void force(Path file)
            throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static void removeEmptyParents(Path directory, Path base)
    {
        Path current = directory;
        while (current != null && !current.equals(base) && current.startsWith(base)) {
            try {
                Files.delete(current);
            }
            catch (IOException e) {
                // not empty (or already gone): the parents above are not empty either
                return;
            }
            current = current.getParent();
        }
    }

    private static void deleteTree(Path directory)
            throws IOException
    {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void deleteQuietly(Path file)
    {
        try {
            Files.deleteIfExists(file);
        }
        catch (IOException e) {
            // a temporary file: the next start removes it
        }
    }

    private static String partName(int number)
    {
        return "part-%05d".formatted(number);
    }

    private static StorageException notFound(ObjectKey key)
    {
        return new StorageException(Reason.NOT_FOUND, "no object " + key);
    }

    private static StorageException unavailable(String message, IOException cause)
    {
        return new StorageException(Reason.UNAVAILABLE, message + ": " + cause.getMessage(), cause);
    }

    /**
     * Walks a directory tree depth first in key order (the order S3 lists in): in each directory, a file named
     * {@code n} sorts as {@code n} and a directory as {@code n/}, so {@code a-c} comes before {@code a/b}.
     */
    private static final class SortedWalk
            implements Iterator<ObjectEntry>
    {
        private final Deque<Iterator<Path>> stack = new ArrayDeque<>();
        private final Path base;
        private final ObjectKey prefix;
        private ObjectEntry next;

        SortedWalk(Path directory, ObjectKey prefix)
        {
            this.base = directory;
            this.prefix = prefix;
            stack.push(sortedChildren(directory));
        }

        @Override
        public boolean hasNext()
        {
            while (next == null && !stack.isEmpty()) {
                Iterator<Path> top = stack.peek();
                if (!top.hasNext()) {
                    stack.pop();
                    continue;
                }
                Path path = top.next();
                try {
                    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (attributes.isDirectory()) {
                        stack.push(sortedChildren(path));
                    }
                    else if (attributes.isRegularFile()) {
                        String relative = base.relativize(path).toString();
                        next = new ObjectEntry(prefix.resolve(relative), attributes.size(), attributes.lastModifiedTime().toInstant());
                    }
                }
                catch (NoSuchFileException e) {
                    // deleted while listing
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return next != null;
        }

        @Override
        public ObjectEntry next()
        {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            ObjectEntry entry = next;
            next = null;
            return entry;
        }

        private static Iterator<Path> sortedChildren(Path directory)
        {
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
                entries.forEach(children::add);
            }
            catch (NoSuchFileException e) {
                return List.<Path>of().iterator();
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            children.sort(Comparator.comparing(SortedWalk::sortName));
            return children.iterator();
        }

        private static String sortName(Path path)
        {
            String name = path.getFileName().toString();
            return Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? name + "/" : name;
        }
    }
}
