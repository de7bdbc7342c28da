package io.meridian.server.training.internal;

import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.archive.ArchiveLimitException;
import io.meridian.server.platform.archive.ArchiveLimits;
import io.meridian.server.platform.archive.Archives;
import io.meridian.server.platform.archive.MultipartFiles;
import io.meridian.server.platform.persistence.Ids;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.runtime.WorkloadStorage;
import io.meridian.server.training.CodePackages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static java.util.Objects.requireNonNull;

/**
 * Code packages (我的代码包): upload an archive or up to five files, re-upload, list, read, download, delete. The content
 * is kept as files in {@code storage/code/<id>}, which runs mount read-only at {@code /work/mount/code/<id>} and start in.
 * Owners see their own packages; IAM admins see the tenant's.
 */
@Service
class CodePackageService
        implements SmartInitializingSingleton, CodePackages
{
    static final String RESOURCE = "code-package";
    /** The spec's limit for an upload to platform storage: each file (an archive is one file) at most 400 MB, at most five files. */
    static final long MAX_ARCHIVE_BYTES = 400L * 1024 * 1024;
    static final int MAX_FILES = 5;
    static final int MAX_ENTRY_FILE = 255;
    static final int MAX_SEARCH = 100;
    static final String FILES_FORMAT = "files";
    /**
     * Code is small and compresses a few times at most: 2 GiB and 20,000 entries are far above real code packages, and
     * a ratio over 100 past the first 16 MiB is a bomb, not source code.
     */
    static final ArchiveLimits LIMITS = new ArchiveLimits(2L * 1024 * 1024 * 1024, 20_000, 100, 16L * 1024 * 1024);
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9\\p{IsHan}][A-Za-z0-9_.\\-\\p{IsHan}]{0,99}");
    // an upload streams into an archive, is extracted next to it, then moved to storage/code/<id>; all three in storage/code
    private static final String ID_PREFIX = "cp";
    private static final String UPLOAD_PREFIX = ".upload-";
    private static final String EXTRACT_PREFIX = ".extract-";
    // a re-upload moves the old files aside under this prefix before the new ones take their place
    private static final String REPLACED_PREFIX = ".replaced-";
    private static final Logger log = LoggerFactory.getLogger(CodePackageService.class);

    private final CodePackageRepository packages;
    private final WorkloadStorage runtime;
    private final Clock clock;

    CodePackageService(CodePackageRepository packages, WorkloadStorage runtime, Clock clock)
    {
        this.packages = requireNonNull(packages, "packages is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * On start, before the server takes requests: removes what uploads that a crash cut short left behind, the
     * streamed archives and half extractions, and the package directories whose record never committed.
     */
    @Override
    public void afterSingletonsInstantiated()
    {
        Path directory = runtime.codePackages();
        if (!Files.isDirectory(directory)) {
            return;
        }
        Set<String> recorded = packages.allIds();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith(REPLACED_PREFIX)) {
                    restoreReplaced(entry, name.substring(REPLACED_PREFIX.length()), recorded);
                    continue;
                }
                if (name.startsWith(UPLOAD_PREFIX) || name.startsWith(EXTRACT_PREFIX) || (name.startsWith(ID_PREFIX + "-") && !recorded.contains(name))) {
                    log.info("Removing {}, left by an upload that did not finish", entry);
                    deleteQuietly(entry);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot clean up " + directory, e);
        }
    }

    /**
     * 导入代码包: an archive (the raw body) or up to five files ({@code multipart/form-data}). The body is received and
     * extracted into a staging directory before the first statement, so an upload that streams for minutes holds no
     * database connection; the package appears only complete.
     */
    CodePackageRecord upload(Principal caller, String name, String entryFile, String contentType, InputStream body)
    {
        FieldRules.check()
                .required("name", name)
                .matches("name", name, NAME, "training.code-package.name")
                .maxLength("entryFile", entryFile, MAX_ENTRY_FILE)
                .throwIfAny();
        String id = Ids.newId(ID_PREFIX);
        Path staging = runtime.codePackages().resolve(EXTRACT_PREFIX + id);
        try {
            Content content = receive(id, contentType, body, staging, entryFile);
            Files.move(staging, runtime.codePackage(id), StandardCopyOption.ATOMIC_MOVE);
            Instant now = clock.instant();
            CodePackageRecord record = new CodePackageRecord(id, caller.tenantId(), caller.userId(), name, content.format(), content.sizeBytes(), content.fileCount(),
                    content.entryFile(), now, now);
            packages.insert(record);
            return record;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        finally {
            deleteQuietly(staging);
        }
    }

    /**
     * 重新上传: new content for the same package (same id, name and mount path). The new files are complete in staging
     * before the old ones are moved aside, so the package directory is never half written; a crash between the two
     * moves is undone on start ({@link #afterSingletonsInstantiated}).
     */
    CodePackageRecord reupload(Principal caller, String id, String entryFile, String contentType, InputStream body)
    {
        FieldRules.check().maxLength("entryFile", entryFile, MAX_ENTRY_FILE).throwIfAny();
        String upload = Ids.newId(ID_PREFIX);
        Path staging = runtime.codePackages().resolve(EXTRACT_PREFIX + upload);
        Path replaced = runtime.codePackages().resolve(REPLACED_PREFIX + id);
        try {
            Content content = receive(upload, contentType, body, staging, entryFile);
            CodePackageRecord record = require(caller, id);
            Path current = runtime.codePackage(id);
            deleteQuietly(replaced);
            if (Files.exists(current)) {
                Files.move(current, replaced, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staging, current, StandardCopyOption.ATOMIC_MOVE);
            CodePackageRecord updated = record.withContent(content.format(), content.sizeBytes(), content.fileCount(), content.entryFile(), clock.instant());
            packages.updateContent(updated);
            return updated;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        finally {
            deleteQuietly(staging);
            deleteQuietly(replaced);
        }
    }

    /** A package's files, as they are: each a regular file, relative to the package, in name order. */
    List<PackageFile> files(CodePackageRecord record)
    {
        Path root = runtime.codePackage(record.id());
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
                    .map(path -> new PackageFile(root.relativize(path).toString().replace('\\', '/'), path))
                    .sorted(Comparator.comparing(PackageFile::name))
                    .toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record PackageFile(String name, Path path) {}

    /** 下载: the package's files as a zip, written straight into {@code out}. */
    void download(CodePackageRecord record, OutputStream out)
            throws IOException
    {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (PackageFile file : files(record)) {
                zip.putNextEntry(new ZipEntry(file.name()));
                Files.copy(file.path(), zip);
                zip.closeEntry();
            }
        }
    }

    private record Content(String format, long sizeBytes, int fileCount, Optional<String> entryFile) {}

    /** Receives an upload into {@code staging}: an archive is streamed next to it and extracted, files are written as they come. */
    private Content receive(String uploadId, String contentType, InputStream body, Path staging, String entryFile)
            throws IOException
    {
        Files.createDirectories(runtime.codePackages());
        Content content = MultipartFiles.isMultipart(contentType) ? receiveFiles(contentType, body, staging) : receiveArchive(uploadId, body, staging);
        Optional<String> entry = Optional.ofNullable(entryFile).map(String::strip).filter(name -> !name.isEmpty());
        if (entry.isPresent()) {
            Path file;
            try {
                file = Archives.resolve(staging, entry.get());
            }
            catch (Archives.UnsafeEntryException e) {
                throw ApiException.invalidField("entryFile", "training.code-package.entry-file", entry.get());
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw ApiException.invalidField("entryFile", "training.code-package.entry-file", entry.get());
            }
            entry = Optional.of(staging.toAbsolutePath().normalize().relativize(file).toString().replace('\\', '/'));
        }
        return new Content(content.format(), content.sizeBytes(), content.fileCount(), entry);
    }

    private Content receiveArchive(String uploadId, InputStream body, Path staging)
            throws IOException
    {
        Path archive = runtime.codePackages().resolve(UPLOAD_PREFIX + uploadId);
        try {
            long size = copyAtMost(body, archive, MAX_ARCHIVE_BYTES);
            if (size == 0) {
                throw ApiException.invalidField("file", "validation.required");
            }
            Archives.Format format;
            try {
                format = Archives.detect(archive);
            }
            catch (IOException e) {
                throw ApiException.invalidField("file", "training.code-package.format");
            }
            int files;
            try {
                files = Archives.extract(archive, format, staging, LIMITS);
            }
            catch (Archives.UnsafeEntryException e) {
                throw ApiException.invalidField("file", "training.code-package.unsafe-entry", e.entry());
            }
            catch (ArchiveLimitException e) {
                throw ApiException.invalidField("file", e.code(), e.args().toArray());
            }
            catch (IOException e) {
                throw ApiException.invalidField("file", "training.code-package.corrupt", String.valueOf(e.getMessage()));
            }
            return new Content(format.name().toLowerCase(Locale.ROOT).replace('_', '.'), size, files, Optional.empty());
        }
        finally {
            deleteQuietly(archive);
        }
    }

    /** Up to {@link #MAX_FILES} files, each at most {@link #MAX_ARCHIVE_BYTES}, written under their (relative) names. */
    private static Content receiveFiles(String contentType, InputStream body, Path staging)
            throws IOException
    {
        Files.createDirectories(staging);
        long[] total = {0};
        int[] count = {0};
        try {
            MultipartFiles.forEach(contentType, body, (name, content) -> {
                if (count[0] >= MAX_FILES) {
                    throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "training.code-package.too-many-files", List.of(MAX_FILES), List.of());
                }
                Path target;
                try {
                    target = Archives.resolve(staging, name);
                }
                catch (Archives.UnsafeEntryException e) {
                    throw ApiException.invalidField("files", "training.code-package.unsafe-entry", name);
                }
                if (target.equals(staging.toAbsolutePath().normalize()) || Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw ApiException.invalidField("files", "training.code-package.duplicate-file", name);
                }
                Files.createDirectories(target.getParent());
                total[0] += copyAtMost(content, target, MAX_ARCHIVE_BYTES);
                count[0]++;
            });
        }
        catch (MultipartFiles.MalformedException e) {
            throw ApiException.invalidField("files", "training.code-package.multipart");
        }
        if (count[0] == 0) {
            throw ApiException.invalidField("files", "validation.required");
        }
        return new Content(FILES_FORMAT, total[0], count[0], Optional.empty());
    }

    /** A re-upload cut between its two moves left the old files aside and no package directory: they go back. */
    private void restoreReplaced(Path entry, String id, Set<String> recorded)
            throws IOException
    {
        Path current = runtime.codePackage(id);
        if (recorded.contains(id) && !Files.exists(current)) {
            log.info("Restoring {} to {}, moved aside by a re-upload that did not finish", entry, current);
            Files.move(entry, current, StandardCopyOption.ATOMIC_MOVE);
        }
        else {
            deleteQuietly(entry);
        }
    }

    CodePackageRecord require(Principal caller, String id)
    {
        CodePackageRecord record = packages.find(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound(RESOURCE, id));
        if (!record.ownerId().equals(caller.userId()) && !caller.isIamAdmin()) {
            // others' packages are private to them: not disclosed
            throw ApiException.notFound(RESOURCE, id);
        }
        return record;
    }

    PageResult<CodePackageRecord> list(Principal caller, CodePackageRepository.Filter filter, PageRequest page)
    {
        FieldRules.check()
                .maxLength("name", filter.search(), MAX_SEARCH)
                .rule(filter.createdFrom() == null || filter.createdTo() == null || !filter.createdFrom().isAfter(filter.createdTo()),
                        "createdFrom", "training.code-package.range")
                .throwIfAny();
        return packages.list(caller.tenantId(), caller.isIamAdmin() ? null : caller.userId(), filter, page);
    }

    void delete(Principal caller, String id)
    {
        CodePackageRecord record = require(caller, id);
        if (packages.usedByTasks(caller.tenantId(), id)) {
            throw ApiException.conflict("training.code-package.in-use", record.name());
        }
        packages.delete(caller.tenantId(), id);
        deleteQuietly(runtime.codePackage(id));
    }

    private static long copyAtMost(InputStream in, Path target, long max)
            throws IOException
    {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                total += read;
                if (total > max) {
                    throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "training.code-package.too-large", List.of(max / (1024 * 1024)), List.of());
                }
                out.write(buffer, 0, read);
            }
        }
        return total;
    }

    private static void deleteQuietly(Path path)
    {
        try {
            FileSystemUtils.deleteRecursively(path);
        }
        catch (IOException e) {
            // a leftover upload directory is harmless; the next upload uses a new id
        }
    }

    @Override
    public boolean exists(String tenantId, String codePackageId)
    {
        return packages.find(requireNonNull(tenantId, "tenantId is null"), requireNonNull(codePackageId, "codePackageId is null")).isPresent();
    }
}
