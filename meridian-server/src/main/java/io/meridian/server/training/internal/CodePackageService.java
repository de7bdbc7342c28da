package io.meridian.server.training.internal;

import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.archive.ArchiveLimitException;
import io.meridian.server.platform.archive.ArchiveLimits;
import io.meridian.server.platform.archive.Archives;
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
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Code packages (我的代码包), minimal: upload an archive, list, read, delete. The archive is extracted on upload into
 * {@code storage/code/<id>}, which runs mount read-only at {@code /work/mount/code/<id>} and start in. Owners see their own
 * packages; IAM admins see the tenant's.
 */
@Service
class CodePackageService
        implements SmartInitializingSingleton, CodePackages
{
    static final String RESOURCE = "code-package";
    static final long MAX_ARCHIVE_BYTES = 400L * 1024 * 1024;
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

    CodePackageRecord upload(Principal caller, String name, InputStream body)
    {
        FieldRules.check()
                .required("name", name)
                .matches("name", name, NAME, "training.code-package.name")
                .throwIfAny();
        String id = Ids.newId(ID_PREFIX);
        Path directory = runtime.codePackages();
        Path archive = directory.resolve(UPLOAD_PREFIX + id);
        Path staging = directory.resolve(EXTRACT_PREFIX + id);
        try {
            Files.createDirectories(directory);
            long size = copyAtMost(body, archive, MAX_ARCHIVE_BYTES);
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
            Files.move(staging, runtime.codePackage(id), StandardCopyOption.ATOMIC_MOVE);
            CodePackageRecord record = new CodePackageRecord(id, caller.tenantId(), caller.userId(), name, format.name().toLowerCase(Locale.ROOT).replace('_', '.'),
                    size, files, clock.instant());
            packages.insert(record);
            return record;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        finally {
            deleteQuietly(archive);
            deleteQuietly(staging);
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

    PageResult<CodePackageRecord> list(Principal caller, PageRequest page)
    {
        return packages.list(caller.tenantId(), caller.isIamAdmin() ? null : caller.userId(), page);
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
        if (total == 0) {
            throw ApiException.invalidField("file", "validation.required");
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
