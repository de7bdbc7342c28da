package io.meridian.server.dataset.internal;

import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.security.CurrentPrincipal;
import io.meridian.server.storage.AssetStorage;
import io.meridian.server.storage.StorageCapacity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * 我的数据集: {@code /api/v1/datasets}. Imports: {@code POST /{id}/imports} with the files of a directory as
 * {@code multipart/form-data} (本地上传) or an archive as the raw body (上传压缩包); {@code POST /{id}/imports/url} with a
 * link (通过分享链接导入), imported in the background. An import answers with its outcome and, when rows are wrong, the
 * report of every mistake in the caller's language.
 */
@RestController
@RequestMapping("/api/v1/datasets")
class DatasetController
{
    private final DatasetService datasets;
    private final AssetStorage storage;
    private final MessageSource messages;

    DatasetController(DatasetService datasets, AssetStorage storage, MessageSource messages)
    {
        this.datasets = requireNonNull(datasets, "datasets is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.messages = requireNonNull(messages, "messages is null");
    }

    record DatasetView(String id, String kind, String name, String version, String description, String dataType, String template, String workspaceId,
            String ownerId, String storageType, String storagePath, String visibility, boolean confidential, String status, boolean published,
            long rowCount, int fileCount, long sizeBytes, String mountPath, String sourceDatasetId, Instant createdAt, Instant updatedAt)
    {
        static DatasetView of(DatasetRecord d)
        {
            String mountPath = d.kind() == DatasetKind.BASIC ? "/work/basicData/" + d.name() : "/work/mount/dataset/" + d.id();
            return new DatasetView(d.id(), d.kind().name(), d.name(), d.kind() == DatasetKind.BASIC ? null : d.datasetVersion(), d.description(),
                    d.dataType() == null ? null : d.dataType().name(), d.template() == null ? null : d.template().name(), d.workspaceId(), d.ownerId(),
                    d.storageType(), d.storagePath(), d.visibility(), d.confidential(), d.status().name(), d.published(), d.rowCount(), d.fileCount(),
                    d.sizeBytes(), mountPath, d.sourceDatasetId(), d.createdAt(), d.updatedAt());
        }
    }

    record CreateRequest(String kind, String workspaceId, String name, String version, String description, String dataType, String template,
            String visibility, String storagePath, Boolean confidential) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    DatasetView create(@RequestBody CreateRequest request)
    {
        if ("BASIC".equals(request.kind())) {
            return DatasetView.of(datasets.createBasic(CurrentPrincipal.get(), new DatasetService.BasicForm(request.workspaceId(), request.name(),
                    request.description(), request.visibility(), request.storagePath(), Boolean.TRUE.equals(request.confidential()))));
        }
        FieldRules.check().rule(request.kind() == null || request.kind().equals("ANNOTATED"), "kind", "dataset.kind").throwIfAny();
        DataType dataType = parse(DataType.class, "dataType", request.dataType());
        AnnotationTemplate template = parse(AnnotationTemplate.class, "template", request.template());
        return DatasetView.of(datasets.createAnnotated(CurrentPrincipal.get(), new DatasetService.AnnotatedForm(request.workspaceId(), request.name(),
                request.version(), request.description(), dataType, template)));
    }

    @GetMapping
    PageResult<DatasetView> list(@RequestParam(required = false) String workspaceId, @RequestParam(required = false) String kind,
            @RequestParam(required = false) String search, @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String sort)
    {
        DatasetKind datasetKind = kind == null ? DatasetKind.ANNOTATED : parse(DatasetKind.class, "kind", kind);
        return datasets.list(CurrentPrincipal.get(), workspaceId, datasetKind, search, PageRequest.of(page, size, sort)).map(DatasetView::of);
    }

    /** 平台共享存储: its capacity and what is left, which the create form shows. */
    @GetMapping("/storage")
    StorageCapacityView capacity()
    {
        StorageCapacity capacity = storage.capacity();
        return new StorageCapacityView(capacity.totalBytes(), capacity.usedBytes(), capacity.remainingBytes());
    }

    record StorageCapacityView(long totalBytes, long usedBytes, long remainingBytes) {}

    @GetMapping("/{id}")
    DatasetView get(@PathVariable String id)
    {
        return DatasetView.of(datasets.require(CurrentPrincipal.get(), id, false));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id)
    {
        datasets.delete(CurrentPrincipal.get(), id);
    }

    // imports

    record ImportView(String id, String datasetId, String source, String sourceUrl, String status, int fileCount, int duplicateCount, long rowCount,
            long errorCount, String error, List<ErrorView> errors, Instant createdAt, Instant finishedAt) {}

    record ErrorView(String file, long line, String field, String rule, String message) {}

    @PostMapping("/{id}/imports")
    @ResponseStatus(HttpStatus.CREATED)
    ImportView importFiles(@PathVariable String id, HttpServletRequest request)
            throws IOException
    {
        return view(datasets.importUpload(CurrentPrincipal.get(), id, request.getContentType(), request.getInputStream()));
    }

    record UrlImportRequest(String url) {}

    @PostMapping("/{id}/imports/url")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ImportView importUrl(@PathVariable String id, @RequestBody UrlImportRequest request)
    {
        return view(datasets.importUrl(CurrentPrincipal.get(), id, request.url()));
    }

    @GetMapping("/{id}/imports")
    List<ImportView> imports(@PathVariable String id)
    {
        return datasets.imports(CurrentPrincipal.get(), id).stream().map(this::view).toList();
    }

    @GetMapping("/{id}/imports/{importId}")
    ImportView importRecord(@PathVariable String id, @PathVariable String importId)
    {
        return view(datasets.importRecord(CurrentPrincipal.get(), id, importId));
    }

    private ImportView view(ImportRecord record)
    {
        Locale locale = LocaleContextHolder.getLocale();
        String error = record.errorCode() == null ? null
                : messages.getMessage(record.errorCode(), DatasetRepository.args(record.errorArgs()).toArray(), record.errorCode(), locale);
        List<ErrorView> errors = record.errorCount() == 0 ? List.of() : datasets.importErrors(record).stream()
                .map(e -> new ErrorView(e.file(), e.line(), e.field(), e.rule(), messages.getMessage(e.rule(), e.args().toArray(), e.rule(), locale)))
                .toList();
        return new ImportView(record.id(), record.datasetId(), record.source(), record.sourceUrl(), record.status().name(), record.fileCount(),
                record.duplicateCount(), record.rowCount(), record.errorCount(), error, errors, record.createdAt(), record.finishedAt());
    }

    // rows

    record RowView(long index, JsonNode content, String label, List<Integer> relevance, List<Integer> safety, String rankingState) {}

    @GetMapping("/{id}/rows")
    PageResult<RowView> rows(@PathVariable String id, @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size)
    {
        DatasetRecord dataset = datasets.require(CurrentPrincipal.get(), id, false);
        PageRequest request = PageRequest.of(page, size, null);
        List<RowView> rows = datasets.rows(dataset, request.offset(), request.size()).stream().map(row -> rowView(dataset, row)).toList();
        return PageResult.of(rows, dataset.rowCount(), request);
    }

    record AnnotationRequest(JsonNode content, String label, List<Integer> relevance, List<Integer> safety) {}

    @PutMapping("/{id}/rows/{index}")
    RowView annotate(@PathVariable String id, @PathVariable long index, @RequestBody AnnotationRequest request)
    {
        DatasetService.Row row = datasets.annotate(CurrentPrincipal.get(), id, index,
                new DatasetService.AnnotationForm(request.content(), request.label(), request.relevance(), request.safety()));
        return rowView(datasets.require(CurrentPrincipal.get(), id, false), row);
    }

    private static RowView rowView(DatasetRecord dataset, DatasetService.Row row)
    {
        String state = dataset.template() == AnnotationTemplate.RESPONSE_RANKING ? DatasetService.rankingState(row) : null;
        return new RowView(row.index(), row.content(), row.label(), row.relevance(), row.safety(), state);
    }

    /** Streams the export straight into the response: a dataset of any size costs a buffer. */
    @GetMapping("/{id}/export")
    void export(@PathVariable String id, @RequestParam(defaultValue = "jsonl") String format, HttpServletResponse response)
            throws IOException
    {
        FieldRules.check().rule(format.equals("jsonl") || format.equals("zip"), "format", "dataset.export.format").throwIfAny();
        DatasetRecord dataset = datasets.require(CurrentPrincipal.get(), id, false);
        if (format.equals("jsonl") && (dataset.template() == null || !dataset.template().hasRows())) {
            throw ApiException.badParameter("format", "dataset.export.no-rows");
        }
        String filename = dataset.name() + "-" + dataset.datasetVersion() + "." + format;
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename*=UTF-8''" + URLEncoder.encode(filename, StandardCharsets.UTF_8));
        response.setContentType(format.equals("zip") ? "application/zip" : "application/jsonl");
        datasets.export(dataset, format, response.getOutputStream());
    }

    // publish, copy, share

    @PostMapping("/{id}/publish")
    DatasetView publish(@PathVariable String id)
    {
        return DatasetView.of(datasets.publish(CurrentPrincipal.get(), id, true));
    }

    @PostMapping("/{id}/unpublish")
    DatasetView unpublish(@PathVariable String id)
    {
        return DatasetView.of(datasets.publish(CurrentPrincipal.get(), id, false));
    }

    record CopyRequest(String workspaceId, String name) {}

    @PostMapping("/{id}/copy")
    @ResponseStatus(HttpStatus.CREATED)
    DatasetView copy(@PathVariable String id, @RequestBody(required = false) CopyRequest request)
    {
        CopyRequest copy = request == null ? new CopyRequest(null, null) : request;
        return DatasetView.of(datasets.copy(CurrentPrincipal.get(), id, copy.workspaceId(), copy.name()));
    }

    record ShareRequest(String validity) {}

    record ShareView(String token, Instant expiresAt) {}

    @PostMapping("/{id}/shares")
    @ResponseStatus(HttpStatus.CREATED)
    ShareView share(@PathVariable String id, @RequestBody ShareRequest request)
    {
        DatasetService.Share share = datasets.share(CurrentPrincipal.get(), id, request.validity());
        return new ShareView(share.token(), share.expiresAt());
    }

    @DeleteMapping("/{id}/shares")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unshare(@PathVariable String id)
    {
        datasets.unshare(CurrentPrincipal.get(), id);
    }

    record RedeemRequest(String token, String workspaceId, String name) {}

    /** 口令导入: copies the dataset a token shares into the caller's workspace. */
    @PostMapping("/redeem")
    @ResponseStatus(HttpStatus.CREATED)
    DatasetView redeem(@RequestBody RedeemRequest request)
    {
        return DatasetView.of(datasets.redeem(CurrentPrincipal.get(), request.token(), request.workspaceId(), request.name()));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value)
    {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E constant : type.getEnumConstants()) {
                allowed.append(allowed.isEmpty() ? "" : ", ").append(constant.name());
            }
            throw ApiException.invalidField(field, "dataset.one-of", value, allowed.toString());
        }
    }
}
