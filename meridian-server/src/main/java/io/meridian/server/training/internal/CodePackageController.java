package io.meridian.server.training.internal;

import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.security.CurrentPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * 我的代码包, minimal: {@code POST /code-packages?name=…} with the archive (zip, tar or tar.gz, at most 400 MB) as the raw
 * request body, as {@code curl --data-binary @code.zip} and the CLI's {@code --code-dir} send it.
 */
@RestController
@RequestMapping("/api/v1/code-packages")
class CodePackageController
{
    private final CodePackageService packages;

    CodePackageController(CodePackageService packages)
    {
        this.packages = requireNonNull(packages, "packages is null");
    }

    record CodePackageView(String id, String name, String archiveFormat, long sizeBytes, int fileCount, String ownerId, String mountPath, Instant createdAt)
    {
        static CodePackageView of(CodePackageRecord record)
        {
            return new CodePackageView(record.id(), record.name(), record.archiveFormat(), record.sizeBytes(), record.fileCount(), record.ownerId(),
                    "/work/mount/code/" + record.id(), record.createdAt());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CodePackageView create(@RequestParam String name, HttpServletRequest request)
            throws IOException
    {
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/")) {
            // a form's body is parsed into parameters by the container: what is left to read is not the archive
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "training.code-package.media-type", List.of(), List.of());
        }
        return CodePackageView.of(packages.upload(CurrentPrincipal.get(), name, request.getInputStream()));
    }

    @GetMapping
    PageResult<CodePackageView> list(@RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String sort)
    {
        return packages.list(CurrentPrincipal.get(), PageRequest.of(page, size, sort)).map(CodePackageView::of);
    }

    @GetMapping("/{id}")
    CodePackageView get(@PathVariable String id)
    {
        return CodePackageView.of(packages.require(CurrentPrincipal.get(), id));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id)
    {
        packages.delete(CurrentPrincipal.get(), id);
    }
}
