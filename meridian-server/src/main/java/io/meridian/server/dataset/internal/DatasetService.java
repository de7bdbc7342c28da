package io.meridian.server.dataset.internal;

import io.meridian.server.audit.AuditEntry;
import io.meridian.server.audit.AuditLog;
import io.meridian.server.dataset.Datasets;
import io.meridian.server.dataset.PublishedDataset;
import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.archive.Archives;
import io.meridian.server.platform.archive.MultipartFiles;
import io.meridian.server.platform.persistence.Ids;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.storage.AssetStorage;
import io.meridian.server.workspace.WorkspaceAccess;
import io.meridian.server.workspace.WorkspacePermission;
import io.meridian.storage.ObjectEntry;
import io.meridian.storage.ObjectKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static java.util.Objects.requireNonNull;

/**
 * My datasets (我的数据集): annotated datasets (create, import, preview, annotate, publish, copy, export, share, delete)
 * and basic datasets (create, delete). Every call checks the workspace permission matrix on the dataset's owner
 * (数据集 / 基础数据集 rows); another tenant's dataset is not found.
 */
@Service
class DatasetService
        implements Datasets, SmartInitializingSingleton, DisposableBean
{
    static final String RESOURCE = "dataset";
    /** 标注数据集: 仅支持中英文、数字、下划线“_”、短横“-”，只能以中英文、数字开头. */
    static final Pattern ANNOTATED_NAME = Pattern.compile("[A-Za-z0-9\\p{IsHan}][A-Za-z0-9_\\-\\p{IsHan}]{0,99}");
    /** 基础数据集: 仅支持中文、大小写字母、数字、-、_、*, at most 25. */
    static final Pattern BASIC_NAME = Pattern.compile("[A-Za-z0-9_\\-*\\p{IsHan}]{1,25}");
    static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,31}");
    static final Map<String, Duration> VALIDITIES = Map.of("1d", Duration.ofDays(1), "7d", Duration.ofDays(7), "30d", Duration.ofDays(30));
    static final String PERMANENT = "permanent";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger log = LoggerFactory.getLogger(DatasetService.class);

    private final DatasetRepository datasets;
    private final DatasetImporter importer;
    private final UrlFetcher urls;
    private final AssetStorage storage;
    private final WorkspaceAccess access;
    private final AuditLog auditLog;
    private final Clock clock;
    private final ExecutorService background = Executors.newFixedThreadPool(2, Thread.ofPlatform().name("dataset-import-", 0).daemon().factory());

    DatasetService(DatasetRepository datasets, DatasetImporter importer, UrlFetcher urls, AssetStorage storage, WorkspaceAccess access, AuditLog auditLog,
            Clock clock)
    {
        this.datasets = requireNonNull(datasets, "datasets is null");
        this.importer = requireNonNull(importer, "importer is null");
        this.urls = requireNonNull(urls, "urls is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.access = requireNonNull(access, "access is null");
        this.auditLog = requireNonNull(auditLog, "auditLog is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    record AnnotatedForm(String workspaceId, String name, String version, String description, DataType dataType, AnnotationTemplate template) {}

    record BasicForm(String workspaceId, String name, String description, String visibility, String storagePath, boolean confidential) {}

    DatasetRecord createAnnotated(Principal caller, AnnotatedForm form)
    {
        FieldRules rules = FieldRules.check()
                .required("workspaceId", form.workspaceId())
                .required("name", form.name())
                .matches("name", form.name(), ANNOTATED_NAME, "dataset.name.annotated")
                .required("version", form.version())
                .matches("version", form.version(), VERSION, "dataset.version")
                .maxLength("description", form.description(), 1000)
                .required("dataType", form.dataType())
                .required("template", form.template());
        if (form.dataType() != null && form.template() != null) {
            rules.rule(form.template().dataType() == form.dataType(), "template", "dataset.template.data-type", form.template().name(), form.dataType().name());
        }
        rules.throwIfAny();
        access.require(caller, form.workspaceId(), WorkspacePermission.DATASET_MANAGE, caller.userId());
        if (datasets.nameTaken(caller.tenantId(), DatasetKind.ANNOTATED, form.name(), form.version())) {
            throw ApiException.conflict("dataset.name.taken", form.name(), form.version());
        }
        Instant now = clock.instant();
        DatasetRecord record = new DatasetRecord(Ids.newId("ds"), caller.tenantId(), form.workspaceId(), caller.userId(), DatasetKind.ANNOTATED, form.name(),
                form.version(), form.description(), form.dataType(), form.template(), DatasetRecord.STORAGE_PLATFORM, null, DatasetRecord.VISIBILITY_OWNER,
                false, DatasetStatus.CREATED, false, 0, 0, 0, 0, null, now, now, 0);
        datasets.insert(record);
        return record;
    }

    DatasetRecord createBasic(Principal caller, BasicForm form)
    {
        String visibility = form.visibility() == null ? DatasetRecord.VISIBILITY_OWNER : form.visibility();
        FieldRules rules = FieldRules.check()
                .required("workspaceId", form.workspaceId())
                .required("name", form.name())
                .matches("name", form.name(), BASIC_NAME, "dataset.name.basic")
                .maxLength("description", form.description(), 250)
                .rule(visibility.equals(DatasetRecord.VISIBILITY_OWNER) || visibility.equals(DatasetRecord.VISIBILITY_WORKSPACE), "visibility",
                        "dataset.visibility")
                .maxLength("storagePath", form.storagePath(), 1000)
                // 数据源路径: optional for admins, required for ordinary users (001-B §2.2.1)
                .rule(caller.isIamAdmin() || form.storagePath() != null && !form.storagePath().isBlank(), "storagePath", "dataset.storage-path.required")
                .rule(!form.confidential() || caller.isIamAdmin(), "confidential", "dataset.confidential.admin");
        rules.throwIfAny();
        access.require(caller, form.workspaceId(), WorkspacePermission.BASIC_DATASET_MANAGE, caller.userId());
        String path = form.storagePath() == null || form.storagePath().isBlank() ? null : form.storagePath().strip().replaceAll("/+$", "");
        if (path != null && !ownPathExists(caller.tenantId(), path)) {
            throw ApiException.invalidField("storagePath", "dataset.storage-path.missing", path);
        }
        if (datasets.nameTaken(caller.tenantId(), DatasetKind.BASIC, form.name(), "-")) {
            throw ApiException.conflict("dataset.name.taken", form.name(), "-");
        }
        Instant now = clock.instant();
        DatasetRecord record = new DatasetRecord(Ids.newId("ds"), caller.tenantId(), form.workspaceId(), caller.userId(), DatasetKind.BASIC, form.name(), "-",
                form.description(), null, null, DatasetRecord.STORAGE_OWN, path, visibility, form.confidential(), DatasetStatus.CREATED, false, 0, 0, 0, 0,
                null, now, now, 0);
        datasets.insert(record);
        return record;
    }

    /**
     * 自有存储 here is the tenant's own area of the store ({@code own/<tenant>/…}), where its files are put by the
     * storage console or a client; a path is valid when something is stored under it.
     */
    private boolean ownPathExists(String tenantId, String path)
    {
        if (ObjectKey.problem(path) != null) {
            return false;
        }
        try (Stream<ObjectEntry> entries = storage.list(ObjectKey.of("own", tenantId, path))) {
            return entries.findAny().isPresent();
        }
    }

    /** The dataset, if the caller may act on it ({@code permission} on its owner); otherwise 404 or 403 as the matrix says. */
    DatasetRecord require(Principal caller, String id, boolean write)
    {
        DatasetRecord record = datasets.find(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound(RESOURCE, id));
        WorkspacePermission permission = record.kind() == DatasetKind.BASIC ? WorkspacePermission.BASIC_DATASET_MANAGE : WorkspacePermission.DATASET_MANAGE;
        if (!write && !record.ownerId().equals(caller.userId()) && record.visibility().equals(DatasetRecord.VISIBILITY_WORKSPACE)
                && access.allows(caller, record.workspaceId(), WorkspacePermission.SHARED_DATASET_READ, record.ownerId())) {
            return record;
        }
        if (!access.allows(caller, record.workspaceId(), permission, record.ownerId())) {
            // others' datasets are not disclosed to those who may not manage them
            throw ApiException.notFound(RESOURCE, id);
        }
        return record;
    }

    PageResult<DatasetRecord> list(Principal caller, String workspaceId, DatasetKind kind, String search, PageRequest page)
    {
        FieldRules.check().required("workspaceId", workspaceId).throwIfAny();
        WorkspacePermission permission = kind == DatasetKind.BASIC ? WorkspacePermission.BASIC_DATASET_MANAGE : WorkspacePermission.DATASET_MANAGE;
        String owner = access.reach(caller, workspaceId, permission) == WorkspaceAccess.Reach.ALL ? null : caller.userId();
        return datasets.list(caller.tenantId(), workspaceId, kind, owner, search, page);
    }

    // import

    /**
     * 本地上传 (multipart: the files of a directory) or 上传压缩包 (the archive as the body). The body is received into a
     * temporary directory before the first statement, so an upload that streams for minutes holds no database
     * connection (docs/architecture.md, the request path); the limits that do not depend on the dataset are applied
     * while it streams.
     */
    ImportRecord importUpload(Principal caller, String id, String contentType, InputStream body)
    {
        Path spool = null;
        try {
            spool = Files.createTempDirectory("meridian-dataset-");
            if (MultipartFiles.isMultipart(contentType)) {
                List<Spooled> files = spoolParts(contentType, body, spool);
                DatasetRecord dataset = startable(caller, id);
                ImportRecord started = importer.start(dataset, ImportRecord.SOURCE_DIRECTORY, null);
                return importer.run(dataset, started, true, sink -> {
                    for (Spooled file : files) {
                        try (InputStream in = Files.newInputStream(file.path())) {
                            sink.file(file.name(), in);
                        }
                    }
                });
            }
            Path archive = spool.resolve("archive");
            copyAtMost(body, archive, DatasetImporter.MAX_ARCHIVE_BYTES);
            DatasetRecord dataset = startable(caller, id);
            ImportRecord started = importer.start(dataset, ImportRecord.SOURCE_ARCHIVE, null);
            return importer.run(dataset, started, false, sink -> {
                Archives.Format format;
                try {
                    format = Archives.detect(archive);
                }
                catch (IOException e) {
                    throw new ImportFailure("dataset.import.format");
                }
                Archives.read(archive, format, DatasetImporter.ARCHIVE_LIMITS, sink);
            });
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        finally {
            deleteTree(spool);
        }
    }

    private record Spooled(String name, Path path) {}

    /** The parts of a directory upload, each in a numbered file (names are checked later, against the store's rules). */
    private static List<Spooled> spoolParts(String contentType, InputStream body, Path spool)
            throws IOException
    {
        List<Spooled> files = new ArrayList<>();
        long[] total = {0};
        try {
            MultipartFiles.forEach(contentType, body, (name, content) -> {
                if (files.size() >= DatasetImporter.MAX_DIRECTORY_FILES) {
                    throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "dataset.import.too-many-files", List.of(DatasetImporter.MAX_DIRECTORY_FILES), List.of());
                }
                Path file = spool.resolve(String.valueOf(files.size()));
                total[0] += copyAtMost(content, file, DatasetImporter.MAX_DIRECTORY_BYTES - total[0]);
                files.add(new Spooled(name, file));
            });
        }
        catch (ImportFailure e) {
            throw ApiException.invalidField("files", e.code(), e.args().toArray());
        }
        catch (MultipartFiles.MalformedException e) {
            throw ApiException.invalidField("files", "dataset.import.multipart");
        }
        return files;
    }

    /** Copies at most {@code max} bytes; one more is a 413 naming the limit. */
    private static long copyAtMost(InputStream in, Path target, long max)
            throws IOException
    {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                total += read;
                if (total > max) {
                    throw tooLarge();
                }
                out.write(buffer, 0, read);
            }
        }
        return total;
    }

    /** 通过分享链接导入: the URL is checked now, downloaded and imported in the background; the import's status tells. */
    ImportRecord importUrl(Principal caller, String id, String url)
    {
        FieldRules.check().required("url", url).maxLength("url", url, 2048).throwIfAny();
        DatasetRecord dataset = startable(caller, id);
        try {
            urls.check(url);
        }
        catch (ImportFailure e) {
            throw ApiException.invalidField("url", e.code(), e.args().toArray());
        }
        ImportRecord started = importer.start(dataset, ImportRecord.SOURCE_URL, url);
        Runnable download = () -> background.submit(() -> audit(caller, dataset, started, downloadAndImport(dataset, started, url)));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // the import's record must be committed before the download can end it
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization()
            {
                @Override
                public void afterCommit()
                {
                    download.run();
                }
            });
        }
        else {
            download.run();
        }
        return started;
    }

    private DatasetStatus downloadAndImport(DatasetRecord dataset, ImportRecord started, String url)
    {
        Path archive = null;
        try {
            archive = Files.createTempFile("meridian-dataset-", ".download");
            Path received = archive;
            return importer.run(dataset, started, false, sink -> {
                urls.download(url, received);
                Archives.Format format;
                try {
                    format = Archives.detect(received);
                }
                catch (IOException e) {
                    throw new ImportFailure("dataset.import.format");
                }
                Archives.read(received, format, DatasetImporter.ARCHIVE_LIMITS, sink);
            }).status();
        }
        catch (RuntimeException | IOException e) {
            log.warn("Import {} of dataset {} from a link failed", started.id(), dataset.id(), e);
            datasets.finishImport(started.id(), DatasetStatus.IMPORT_FAILED, 0, 0, 0, 0, "dataset.import.unreadable", List.of(String.valueOf(e.getMessage())),
                    clock.instant());
            datasets.setStatus(dataset.id(), DatasetStatus.IMPORT_FAILED, clock.instant());
            return DatasetStatus.IMPORT_FAILED;
        }
        finally {
            deleteQuietly(archive);
        }
    }

    /** The request that asked for the import was audited when it was accepted; its outcome, later, is audited here. */
    private void audit(Principal caller, DatasetRecord dataset, ImportRecord started, DatasetStatus outcome)
    {
        boolean succeeded = outcome == DatasetStatus.IMPORT_SUCCEEDED;
        auditLog.record(new AuditEntry(null, clock.instant(), caller.tenantId(), caller.userId(), caller.username(), "dataset.importUrl.finish", RESOURCE,
                dataset.id(), dataset.name(), succeeded ? AuditEntry.Result.SUCCESS : AuditEntry.Result.FAILURE, succeeded ? 200 : 422,
                "import " + started.id() + " from " + started.sourceUrl() + " → " + outcome, null));
    }

    private DatasetRecord startable(Principal caller, String id)
    {
        DatasetRecord dataset = require(caller, id, true);
        if (dataset.kind() != DatasetKind.ANNOTATED) {
            throw ApiException.conflict("dataset.import.basic");
        }
        if (!dataset.status().isTerminal()) {
            throw ApiException.conflict("dataset.import.running", dataset.name());
        }
        return dataset;
    }

    ImportRecord importRecord(Principal caller, String id, String importId)
    {
        DatasetRecord dataset = require(caller, id, false);
        return datasets.findImport(dataset.id(), importId).orElseThrow(() -> ApiException.notFound("dataset-import", importId));
    }

    List<ImportRecord> imports(Principal caller, String id)
    {
        return datasets.imports(require(caller, id, false).id());
    }

    List<RowError> importErrors(ImportRecord record)
    {
        return datasets.errors(record.id());
    }

    /**
     * Recovers from a crash: an import that was running when the server stopped is failed (its staging prefix
     * removed), and its dataset is 导入失败, so that it can be imported again or deleted.
     */
    @Override
    public void afterSingletonsInstantiated()
    {
        for (String[] interrupted : datasets.runningImports()) {
            log.info("Import {} of dataset {} was cut short by a restart", interrupted[0], interrupted[1]);
            storage.deleteAll(ObjectKey.of("datasets", interrupted[1], "imports", interrupted[0]));
            datasets.finishImport(interrupted[0], DatasetStatus.IMPORT_FAILED, 0, 0, 0, 0, "dataset.import.interrupted", List.of(), clock.instant());
            datasets.setStatus(interrupted[1], DatasetStatus.IMPORT_FAILED, clock.instant());
        }
    }

    @Override
    public void destroy()
    {
        background.shutdownNow();
    }

    // rows: preview, annotation, export

    record Row(long index, JsonNode content, String label, List<Integer> relevance, List<Integer> safety) {}

    /** Rows {@code [offset, offset + limit)}, with their annotations: the imported row unless it was edited. */
    List<Row> rows(DatasetRecord dataset, long offset, int limit)
    {
        List<Row> rows = new ArrayList<>();
        Map<Long, DatasetRepository.Annotation> annotations = datasets.annotations(dataset.id(), offset, offset + limit);
        forEachRow(dataset, offset, limit, (index, text) -> rows.add(row(index, text, annotations.get(index))));
        return rows;
    }

    private static Row row(long index, String text, DatasetRepository.Annotation annotation)
    {
        String content = annotation != null && annotation.content() != null ? annotation.content() : text;
        return new Row(index, JSON.readTree(content), annotation == null ? null : annotation.label(),
                annotation == null ? List.of() : order(annotation.relevanceOrder()), annotation == null ? List.of() : order(annotation.safetyOrder()));
    }

    private static List<Integer> order(String value)
    {
        return value == null || value.isEmpty() ? List.of() : Arrays.stream(value.split(",")).map(Integer::valueOf).toList();
    }

    @FunctionalInterface
    private interface RowConsumer
    {
        void row(long index, String text)
                throws IOException;
    }

    private void forEachRow(DatasetRecord dataset, long offset, long limit, RowConsumer consumer)
    {
        long index = 0;
        for (int file = 1; file <= dataset.rowFiles() && index < offset + limit; file++) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(storage.open(DatasetImporter.rowFile(dataset, file)), StandardCharsets.UTF_8))) {
                for (String text = in.readLine(); text != null && index < offset + limit; text = in.readLine()) {
                    if (index >= offset) {
                        consumer.row(index, text);
                    }
                    index++;
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    record AnnotationForm(JsonNode content, String label, List<Integer> relevance, List<Integer> safety) {}

    /**
     * Online annotation of one row: new content (checked against the template like an import), the item's one label
     * (指令微调, Q&A对), or the ranking of its responses by relevance and by safety (语句回复排序: 2–4 responses; a response
     * left out of one order must be left out of the other). Multi-turn dialogue takes no annotation.
     */
    Row annotate(Principal caller, String id, long index, AnnotationForm form)
    {
        DatasetRecord dataset = require(caller, id, true);
        AnnotationTemplate template = dataset.template();
        if (dataset.kind() != DatasetKind.ANNOTATED || !template.hasRows() || template == AnnotationTemplate.MULTI_TURN_DIALOGUE) {
            throw ApiException.conflict("dataset.annotate.unsupported", template == null ? "-" : template.name());
        }
        if (dataset.status() != DatasetStatus.IMPORT_SUCCEEDED && dataset.status() != DatasetStatus.IMPORT_FAILED || index < 0 || index >= dataset.rowCount()) {
            throw ApiException.notFound("dataset-row", String.valueOf(index));
        }
        FieldRules rules = FieldRules.check().maxLength("label", form.label(), 100);
        if (form.content() != null) {
            for (RowRules.Violation violation : RowRules.check(template, form.content())) {
                rules.violate("content." + violation.field(), violation.rule(), violation.args().toArray());
            }
        }
        rules.rule(form.label() == null || template.takesLabel(), "label", "dataset.annotate.label");
        boolean ranking = form.relevance() != null || form.safety() != null;
        rules.rule(!ranking || template == AnnotationTemplate.RESPONSE_RANKING, "relevance", "dataset.annotate.ranking");
        rules.throwIfAny();
        Row current = rows(dataset, index, 1).getFirst();
        JsonNode content = form.content() == null ? current.content() : form.content();
        List<Integer> relevance = form.relevance() == null ? current.relevance() : form.relevance();
        List<Integer> safety = form.safety() == null ? current.safety() : form.safety();
        if (ranking) {
            checkRanking(content, relevance, safety);
            content = dropResponses(content, relevance.isEmpty() ? safety : relevance);
        }
        String label = form.label() == null ? current.label() : form.label().isBlank() ? null : form.label().strip();
        DatasetRepository.Annotation saved = new DatasetRepository.Annotation(index, JSON.writeValueAsString(content), label, join(relevance), join(safety));
        datasets.saveAnnotation(dataset.id(), saved, clock.instant());
        // what was published is no longer what the dataset holds: it is published again after annotation
        datasets.setPublished(dataset.id(), false, clock.instant());
        storage.deleteAll(publishedPrefix(dataset));
        return row(index, null, saved);
    }

    /** Both orders rank the same 2–4 responses of the row, each once; an order may be empty (not ranked yet). */
    private static void checkRanking(JsonNode content, List<Integer> relevance, List<Integer> safety)
    {
        int responses = 0;
        while (responses < 4 && content.has("response_" + responses) && !content.get("response_" + responses).isNull()) {
            responses++;
        }
        FieldRules rules = FieldRules.check();
        for (Map.Entry<String, List<Integer>> order : Map.of("relevance", relevance, "safety", safety).entrySet()) {
            List<Integer> values = order.getValue();
            int count = responses;
            boolean valid = values.isEmpty() || values.size() >= 2 && values.stream().distinct().count() == values.size()
                    && values.stream().allMatch(value -> value >= 0 && value < count);
            rules.rule(valid, order.getKey(), "dataset.annotate.order", String.valueOf(responses - 1));
        }
        rules.throwIfAny();
        if (!relevance.isEmpty() && !safety.isEmpty() && !relevance.stream().sorted().toList().equals(safety.stream().sorted().toList())) {
            throw ApiException.invalidField("safety", "dataset.annotate.same-responses");
        }
    }

    /** A response deleted from the orders is deleted from the row (and the ids that point at it cleared). */
    private static JsonNode dropResponses(JsonNode content, List<Integer> kept)
    {
        if (kept.isEmpty()) {
            return content;
        }
        ObjectNode row = ((ObjectNode) content).deepCopy();
        List<Integer> sorted = kept.stream().sorted().toList();
        List<JsonNode> responses = new ArrayList<>();
        List<JsonNode> safe = new ArrayList<>();
        for (int i : sorted) {
            responses.add(row.get("response_" + i));
            safe.add(row.get("is_response_" + i + "_safe"));
        }
        for (int i = 0; i < 4; i++) {
            row.remove("response_" + i);
            row.remove("is_response_" + i + "_safe");
        }
        for (int i = 0; i < responses.size(); i++) {
            row.set("response_" + i, responses.get(i));
            if (safe.get(i) != null) {
                row.set("is_response_" + i + "_safe", safe.get(i));
            }
        }
        return row;
    }

    private static String join(List<Integer> order)
    {
        return order.isEmpty() ? null : String.join(",", order.stream().map(String::valueOf).toList());
    }

    /** 已排序 when both orders are set; otherwise 未排序 and the list it belongs to (001-B §2.2.2's state rules). */
    static String rankingState(Row row)
    {
        if (!row.relevance().isEmpty() && !row.safety().isEmpty()) {
            return "SORTED";
        }
        if (!row.relevance().isEmpty()) {
            return "NO_SAFETY_ORDER";
        }
        if (!row.safety().isEmpty()) {
            return "NO_RELEVANCE_ORDER";
        }
        return "NOT_ANNOTATED";
    }

    /** 导出数据: the rows as annotated (jsonl), or every file with the rows beside them (zip). */
    void export(DatasetRecord dataset, String format, OutputStream out)
            throws IOException
    {
        if (format.equals("jsonl")) {
            writeRows(dataset, out);
            out.flush();
            return;
        }
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            ObjectKey files = ObjectKey.of(dataset.prefix(), "files");
            try (Stream<ObjectEntry> entries = storage.list(files)) {
                for (ObjectEntry entry : (Iterable<ObjectEntry>) entries::iterator) {
                    zip.putNextEntry(new ZipEntry("files/" + entry.key().value().substring(files.value().length() + 1)));
                    try (InputStream in = storage.open(entry.key())) {
                        in.transferTo(zip);
                    }
                    zip.closeEntry();
                }
            }
            if (dataset.template() != null && dataset.template().hasRows()) {
                zip.putNextEntry(new ZipEntry("data.jsonl"));
                writeRows(dataset, zip);
                zip.closeEntry();
            }
        }
    }

    private void writeRows(DatasetRecord dataset, OutputStream out)
            throws IOException
    {
        int page = 1000;
        for (long offset = 0; offset < dataset.rowCount(); offset += page) {
            for (Row row : rows(dataset, offset, page)) {
                JsonNode content = row.content();
                if (row.label() != null || !row.relevance().isEmpty() || !row.safety().isEmpty()) {
                    ObjectNode annotated = ((ObjectNode) content).deepCopy();
                    if (row.label() != null) {
                        annotated.put("label", row.label());
                    }
                    if (!row.relevance().isEmpty()) {
                        annotated.put("better_response_id", row.relevance().getFirst());
                    }
                    if (!row.safety().isEmpty()) {
                        annotated.put("safer_response_id", row.safety().getFirst());
                    }
                    content = annotated;
                }
                out.write(JSON.writeValueAsBytes(content));
                out.write('\n');
            }
        }
    }

    // publish, copy, delete, share

    DatasetRecord publish(Principal caller, String id, boolean published)
    {
        DatasetRecord dataset = require(caller, id, true);
        if (published && (dataset.kind() != DatasetKind.ANNOTATED || dataset.status() != DatasetStatus.IMPORT_SUCCEEDED)) {
            throw ApiException.conflict("dataset.publish.not-imported", dataset.name());
        }
        storage.deleteAll(publishedPrefix(dataset));
        if (published && dataset.template().hasRows()) {
            snapshot(dataset);
        }
        datasets.setPublished(dataset.id(), published, clock.instant());
        return datasets.find(caller.tenantId(), id).orElseThrow();
    }

    /** {@code published/data.jsonl}: the rows as annotated now, which work mounting the dataset reads. */
    private void snapshot(DatasetRecord dataset)
    {
        Path rows = null;
        try {
            rows = Files.createTempFile("meridian-published-", ".jsonl");
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(rows))) {
                writeRows(dataset, out);
            }
            try (InputStream in = Files.newInputStream(rows)) {
                storage.put(publishedPrefix(dataset).resolve("data.jsonl"), in, Files.size(rows));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        finally {
            deleteQuietly(rows);
        }
    }

    static ObjectKey publishedPrefix(DatasetRecord dataset)
    {
        return ObjectKey.of(dataset.prefix(), "published");
    }

    /** 制作副本: a new dataset with the same files, rows and annotations, named {@code name} or {@code <name>_<epoch-ms>}. */
    DatasetRecord copy(Principal caller, String id, String workspaceId, String name)
    {
        DatasetRecord source = require(caller, id, false);
        return copyInto(source, caller, workspaceId == null ? source.workspaceId() : workspaceId, name);
    }

    private DatasetRecord copyInto(DatasetRecord source, Principal caller, String workspaceId, String name)
    {
        if (source.kind() != DatasetKind.ANNOTATED || !source.status().isTerminal()) {
            throw ApiException.conflict("dataset.copy.not-ready", source.name());
        }
        String copyName = name == null || name.isBlank() ? truncate(source.name(), 85) + "_" + clock.millis() : name;
        FieldRules.check().matches("name", copyName, ANNOTATED_NAME, "dataset.name.annotated").throwIfAny();
        access.require(caller, workspaceId, WorkspacePermission.DATASET_MANAGE, caller.userId());
        if (datasets.nameTaken(caller.tenantId(), DatasetKind.ANNOTATED, copyName, source.datasetVersion())) {
            throw ApiException.conflict("dataset.name.taken", copyName, source.datasetVersion());
        }
        Instant now = clock.instant();
        DatasetRecord copy = new DatasetRecord(Ids.newId("ds"), caller.tenantId(), workspaceId, caller.userId(), DatasetKind.ANNOTATED, copyName,
                source.datasetVersion(), source.description(), source.dataType(), source.template(), DatasetRecord.STORAGE_PLATFORM, null,
                DatasetRecord.VISIBILITY_OWNER, false, source.status() == DatasetStatus.CREATED ? DatasetStatus.CREATED : DatasetStatus.IMPORT_SUCCEEDED,
                false, source.rowCount(), source.fileCount(), source.sizeBytes(), source.rowFiles(), source.id(), now, now, 0);
        List<ObjectEntry> objects;
        try (Stream<ObjectEntry> entries = storage.list(ObjectKey.of(source.prefix()))) {
            objects = entries.filter(entry -> !entry.key().value().startsWith(source.prefix() + "/imports/")
                    && !entry.key().value().startsWith(source.prefix() + "/published/")).toList();
        }
        try {
            for (ObjectEntry entry : objects) {
                storage.copy(entry.key(), ObjectKey.of(copy.prefix()).resolve(entry.key().value().substring(source.prefix().length() + 1)));
            }
            datasets.insert(copy);
            datasets.copyAnnotations(source.id(), copy.id());
        }
        catch (RuntimeException e) {
            storage.deleteAll(ObjectKey.of(copy.prefix()));
            throw e;
        }
        return copy;
    }

    /** Deletes a dataset in a terminal status; 保密数据集 only by an admin. Shares of it stop working. */
    void delete(Principal caller, String id)
    {
        DatasetRecord dataset = require(caller, id, true);
        if (!dataset.status().isTerminal()) {
            throw ApiException.conflict("dataset.delete.not-terminal", dataset.name());
        }
        if (dataset.confidential() && !caller.isIamAdmin()) {
            throw ApiException.forbidden();
        }
        datasets.delete(dataset.id());
        // own storage is the tenant's: deleting the record does not delete it (001-B §2.2.2)
        storage.deleteAll(ObjectKey.of(dataset.prefix()));
    }

    record Share(String token, Instant expiresAt) {}

    /** 获取口令: a token valid for 1, 7 or 30 days or permanently; only its hash is kept, so it is shown once. */
    Share share(Principal caller, String id, String validity)
    {
        FieldRules.check()
                .required("validity", validity)
                .rule(validity == null || VALIDITIES.containsKey(validity) || validity.equals(PERMANENT), "validity", "dataset.share.validity")
                .throwIfAny();
        DatasetRecord dataset = require(caller, id, true);
        if (dataset.kind() != DatasetKind.ANNOTATED || dataset.status() != DatasetStatus.IMPORT_SUCCEEDED) {
            throw ApiException.conflict("dataset.share.not-imported", dataset.name());
        }
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        String token = "dst_" + HexFormat.of().formatHex(secret);
        Instant now = clock.instant();
        Instant expiresAt = validity.equals(PERMANENT) ? null : now.plus(VALIDITIES.get(validity));
        datasets.insertShare(hash(token), caller.tenantId(), dataset.id(), caller.userId(), expiresAt, now);
        return new Share(token, expiresAt);
    }

    void unshare(Principal caller, String id)
    {
        datasets.deleteShares(require(caller, id, true).id());
    }

    /** 口令导入: the shared dataset, copied into the redeemer's workspace; an unknown or expired token finds nothing. */
    DatasetRecord redeem(Principal caller, String token, String workspaceId, String name)
    {
        FieldRules.check().required("token", token).required("workspaceId", workspaceId).throwIfAny();
        String datasetId = datasets.sharedDataset(hash(token.strip()), clock.instant())
                .orElseThrow(() -> ApiException.invalidField("token", "dataset.share.token"));
        DatasetRecord source = datasets.findById(datasetId).orElseThrow(() -> ApiException.invalidField("token", "dataset.share.token"));
        return copyInto(source, caller, workspaceId, name);
    }

    @Override
    public Optional<PublishedDataset> findPublished(String tenantId, String datasetId)
    {
        return datasets.find(requireNonNull(tenantId, "tenantId is null"), requireNonNull(datasetId, "datasetId is null"))
                .filter(DatasetRecord::published)
                .map(dataset -> new PublishedDataset(dataset.id(), dataset.workspaceId(), dataset.name(), dataset.datasetVersion(),
                        dataset.template() == null ? "NONE" : dataset.template().name(), storage.localDirectory(ObjectKey.of(dataset.prefix()))));
    }

    @Override
    public String createInstructionTuning(NewDataset form)
    {
        requireNonNull(form, "form is null");
        FieldRules.check().matches(form.field(), form.name(), ANNOTATED_NAME, "dataset.name.annotated").throwIfAny();
        if (datasets.nameTaken(form.tenantId(), DatasetKind.ANNOTATED, form.name(), form.version())) {
            throw ApiException.conflict("dataset.name.taken", form.name(), form.version());
        }
        Instant now = clock.instant();
        DatasetRecord record = new DatasetRecord(Ids.newId("ds"), form.tenantId(), form.workspaceId(), form.ownerId(), DatasetKind.ANNOTATED, form.name(),
                form.version(), form.description(), DataType.LLM_TEXT, AnnotationTemplate.INSTRUCTION_TUNING, DatasetRecord.STORAGE_PLATFORM, null,
                DatasetRecord.VISIBILITY_OWNER, false, DatasetStatus.CREATED, false, 0, 0, 0, 0, null, now, now, 0);
        datasets.insert(record);
        return record.id();
    }

    @Override
    public boolean importRows(String tenantId, String datasetId, Path jsonl)
    {
        requireNonNull(jsonl, "jsonl is null");
        DatasetRecord dataset = datasets.find(requireNonNull(tenantId, "tenantId is null"), requireNonNull(datasetId, "datasetId is null"))
                .orElseThrow(() -> ApiException.notFound(RESOURCE, datasetId));
        ImportRecord started = importer.start(dataset, ImportRecord.SOURCE_WORK, null);
        ImportRecord finished = importer.run(dataset, started, false, sink -> {
            try (InputStream in = Files.newInputStream(jsonl)) {
                sink.file("data.jsonl", in);
            }
        });
        return finished.status() == DatasetStatus.IMPORT_SUCCEEDED;
    }

    private static String hash(String token)
    {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String truncate(String value, int max)
    {
        return value.length() <= max ? value : value.substring(0, max);
    }

    private static void deleteTree(Path path)
    {
        if (path == null) {
            return;
        }
        try {
            FileSystemUtils.deleteRecursively(path);
        }
        catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    private static void deleteQuietly(Path path)
    {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        }
        catch (IOException e) {
            // a temporary file left behind is harmless
        }
    }

    static ApiException tooLarge()
    {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "dataset.upload.too-large",
                List.of(DatasetImporter.MAX_DIRECTORY_BYTES >> 20, DatasetImporter.MAX_ARCHIVE_BYTES >> 20), List.of());
    }
}
