package io.meridian.server.training.internal;

import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.security.CurrentPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * 我的代码包: {@code POST /code-packages?name=…&entryFile=…} with an archive (zip, tar or tar.gz, at most 400 MB) as the raw
 * request body, as {@code curl --data-binary @code.zip} and the CLI's {@code --code-dir} send it, or with up to five
 * files as {@code multipart/form-data} (each at most 400 MB); {@code PUT /{id}/content} re-uploads the same way;
 * {@code GET /{id}/download} streams the files as a zip.
 */
@RestController
@RequestMapping("/api/v1/code-packages")
class CodePackageController
{
    /** 来源 and 存储类型: every package is imported into platform storage today (own-storage mounts are not offered yet). */
    static final String SOURCE_PLATFORM = "PLATFORM_IMPORT";
    static final String STORAGE_PLATFORM = "PLATFORM_OBJECT_STORAGE";
    /** An upload is received completely before its record is written, so every package that exists is usable. */
    static final String STATUS_AVAILABLE = "AVAILABLE";

    private final CodePackageService packages;

    CodePackageController(CodePackageService packages)
    {
        this.packages = requireNonNull(packages, "packages is null");
    }

    record CodePackageView(String id, String name, String source, String storageType, String archiveFormat, long sizeBytes, int fileCount, String entryFile,
            String status, String ownerId, String mountPath, Instant createdAt, Instant updatedAt)
    {
        static CodePackageView of(CodePackageRecord record)
        {
            return new CodePackageView(record.id(), record.name(), SOURCE_PLATFORM, STORAGE_PLATFORM, record.archiveFormat(), record.sizeBytes(), record.fileCount(),
                    record.entryFile().orElse(null), STATUS_AVAILABLE, record.ownerId(), "/work/mount/code/" + record.id(), record.createdAt(), record.updatedAt());
        }
    }

    /** A file of a package, for 详情: its name relative to the package and its size. */
    record FileView(String name, long sizeBytes) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CodePackageView create(@RequestParam String name, @RequestParam(required = false) String entryFile, HttpServletRequest request)
            throws IOException
    {
        String type = uploadType(request);
        return CodePackageView.of(packages.upload(CurrentPrincipal.get(), name, entryFile, type, request.getInputStream()));
    }

    @PutMapping("/{id}/content")
    CodePackageView reupload(@PathVariable String id, @RequestParam(required = false) String entryFile, HttpServletRequest request)
            throws IOException
    {
        String type = uploadType(request);
        return CodePackageView.of(packages.reupload(CurrentPrincipal.get(), id, entryFile, type, request.getInputStream()));
    }

    @GetMapping
    PageResult<CodePackageView> list(@RequestParam(required = false) String name, @RequestParam(required = false) Instant createdFrom,
            @RequestParam(required = false) Instant createdTo, @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String sort)
    {
        return packages.list(CurrentPrincipal.get(), new CodePackageRepository.Filter(name, createdFrom, createdTo), PageRequest.of(page, size, sort))
                .map(CodePackageView::of);
    }

    @GetMapping("/{id}")
    CodePackageView get(@PathVariable String id)
    {
        return CodePackageView.of(packages.require(CurrentPrincipal.get(), id));
    }

    @GetMapping("/{id}/files")
    List<FileView> files(@PathVariable String id)
    {
        CodePackageRecord record = packages.require(CurrentPrincipal.get(), id);
        return packages.files(record).stream().map(file -> new FileView(file.name(), sizeOf(file.path()))).toList();
    }

    /** Streams the files as a zip straight into the response: a package of any size costs a buffer. */
    @GetMapping("/{id}/download")
    void download(@PathVariable String id, HttpServletResponse response)
            throws IOException
    {
        CodePackageRecord record = packages.require(CurrentPrincipal.get(), id);
        response.setContentType("application/zip");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(record.name() + ".zip", StandardCharsets.UTF_8).build().toString());
        packages.download(record, response.getOutputStream());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id)
    {
        packages.delete(CurrentPrincipal.get(), id);
    }

    private static String uploadType(HttpServletRequest request)
    {
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded") || (type.startsWith("multipart/") && !type.startsWith("multipart/form-data"))) {
            // a form's body is parsed into parameters by the container: what is left to read is not the upload
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "training.code-package.media-type", List.of(), List.of());
        }
        // the boundary's case matters: the original header, not the lowercased one
        return request.getContentType() == null ? "" : request.getContentType();
    }

    private static long sizeOf(Path file)
    {
        try {
            return Files.size(file);
        }
        catch (IOException e) {
            // removed by a concurrent re-upload: shown as empty rather than failing the page
            return 0;
        }
    }
}
