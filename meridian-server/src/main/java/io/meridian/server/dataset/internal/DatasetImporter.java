package io.meridian.server.dataset.internal;

import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.archive.ArchiveLimitException;
import io.meridian.server.platform.archive.ArchiveLimits;
import io.meridian.server.platform.archive.Archives;
import io.meridian.server.platform.persistence.Ids;
import io.meridian.server.storage.AssetStorage;
import io.meridian.storage.ObjectEntry;
import io.meridian.storage.ObjectInfo;
import io.meridian.storage.ObjectKey;
import io.meridian.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * One import into an annotated dataset, from whatever source: the files stream into a staging prefix of the store
 * ({@code datasets/<id>/imports/<import>/}), every row of every row file is checked against the template, and only
 * when nothing is wrong do the files move to {@code files/} and the validated rows to {@code rows/<n>.jsonl}. Otherwise
 * the staging prefix is deleted and the import keeps the report: file, line, field and rule of each mistake (the first
 * {@value #MAX_REPORTED} of them, with the total). So an import with mistakes imports nothing.
 */
@Component
class DatasetImporter
{
    /** 本地上传: at most 100 files and 1 GB together, not decompressed (001-B §2.2.2). */
    static final int MAX_DIRECTORY_FILES = 100;
    static final long MAX_DIRECTORY_BYTES = 1L << 30;
    /** 上传压缩包: the archive as received (what it expands to is {@link #ARCHIVE_LIMITS}'s). */
    static final long MAX_ARCHIVE_BYTES = 4L << 30;
    /** Archives: what they may expand to, and the ratio past which they are bombs. */
    static final ArchiveLimits ARCHIVE_LIMITS = new ArchiveLimits(4L << 30, 100_000, 100, 16L << 20);
    static final int MAX_REPORTED = 1000;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger log = LoggerFactory.getLogger(DatasetImporter.class);

    private final DatasetRepository datasets;
    private final AssetStorage storage;
    private final Clock clock;

    DatasetImporter(DatasetRepository datasets, AssetStorage storage, Clock clock)
    {
        this.datasets = requireNonNull(datasets, "datasets is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Where a source's files come from: it calls the sink once per file, streaming. */
    @FunctionalInterface
    interface FileSource
    {
        void forEach(Archives.EntrySink sink)
                throws IOException;
    }

    /** Records an import as started: the dataset is 导入中 until {@link #run} ends it. */
    ImportRecord start(DatasetRecord dataset, String source, String url)
    {
        ImportRecord record = new ImportRecord(Ids.newId("dsi"), dataset.tenantId(), dataset.id(), source, url, DatasetStatus.IMPORTING, 0, 0, 0, 0,
                null, null, clock.instant(), null);
        // from the status the caller saw: of two imports started at once, the second finds the dataset importing
        if (!datasets.transition(dataset.id(), dataset.status(), DatasetStatus.IMPORTING, clock.instant())) {
            throw ApiException.conflict("dataset.import.running", dataset.name());
        }
        datasets.insertImport(record);
        return record;
    }

    /** Runs the import to its end (导入成功 or 导入失败); never throws for what the files contain. */
    ImportRecord run(DatasetRecord dataset, ImportRecord started, boolean directory, FileSource source)
    {
        ObjectKey staging = ObjectKey.of(dataset.prefix(), "imports", started.id());
        Staged staged = new Staged();
        try {
            source.forEach((name, content) -> stage(dataset, staging, directory, name, content, staged));
            if (staged.files == 0 && staged.errors.isEmpty()) {
                throw new ImportFailure("dataset.import.empty");
            }
            Path rows = Files.createTempFile("meridian-rows-", ".jsonl");
            try {
                long rowCount = validate(dataset, staging, staged, rows);
                if (staged.errorCount > 0) {
                    storage.deleteAll(staging);
                    datasets.insertErrors(started.id(), staged.errors);
                    return finish(dataset, started, DatasetStatus.IMPORT_FAILED, staged, 0, "dataset.import.rows", List.of(String.valueOf(staged.errorCount)));
                }
                commit(dataset, staging, staged, rows, rowCount);
                return finish(dataset, started, DatasetStatus.IMPORT_SUCCEEDED, staged, rowCount, null, null);
            }
            finally {
                Files.deleteIfExists(rows);
            }
        }
        catch (ImportFailure e) {
            storage.deleteAll(staging);
            return finish(dataset, started, DatasetStatus.IMPORT_FAILED, staged, 0, e.code(), e.args());
        }
        catch (Archives.UnsafeEntryException e) {
            storage.deleteAll(staging);
            return finish(dataset, started, DatasetStatus.IMPORT_FAILED, staged, 0, "dataset.import.unsafe-entry", List.of(e.entry()));
        }
        catch (ArchiveLimitException e) {
            storage.deleteAll(staging);
            return finish(dataset, started, DatasetStatus.IMPORT_FAILED, staged, 0, e.code(), e.args().stream().map(String::valueOf).toList());
        }
        catch (IOException | UncheckedIOException e) {
            log.info("Import {} into dataset {} failed", started.id(), dataset.id(), e);
            storage.deleteAll(staging);
            return finish(dataset, started, DatasetStatus.IMPORT_FAILED, staged, 0, "dataset.import.unreadable", List.of(String.valueOf(e.getMessage())));
        }
        catch (RuntimeException e) {
            storage.deleteAll(staging);
            throw e;
        }
    }

    private ImportRecord finish(DatasetRecord dataset, ImportRecord started, DatasetStatus status, Staged staged, long rows, String code, List<String> args)
    {
        datasets.finishImport(started.id(), status, staged.files, staged.duplicates, rows, staged.errorCount, code, args, clock.instant());
        if (status == DatasetStatus.IMPORT_FAILED) {
            datasets.setStatus(dataset.id(), DatasetStatus.IMPORT_FAILED, clock.instant());
        }
        return datasets.findImport(dataset.id(), started.id()).orElseThrow();
    }

    private void stage(DatasetRecord dataset, ObjectKey staging, boolean directory, String name, InputStream content, Staged staged)
    {
        String problem = ObjectKey.problem(name);
        if (problem != null || name.startsWith(".meridian")) {
            throw new ImportFailure("dataset.import.file-name", name);
        }
        if (directory && staged.files + staged.duplicates >= MAX_DIRECTORY_FILES) {
            throw new ImportFailure("dataset.import.too-many-files", MAX_DIRECTORY_FILES);
        }
        if (!dataset.template().accepts(name)) {
            staged.error(new RowError(name, 0, "file", "dataset.file.type", List.of(dataset.template().acceptedExtensions())));
            return;
        }
        InputStream counted = directory ? new Budget(content, staged) : content;
        ObjectInfo written;
        try {
            written = storage.put(staging.resolve(name), counted, -1);
        }
        catch (StorageException e) {
            // the archive's limit was reached while the store read the entry: that is the import's failure, not the store's
            if (e.getCause() instanceof ArchiveLimitException limit) {
                throw new ImportFailure(limit.code(), limit.args().toArray());
            }
            throw e;
        }
        if (directory && !staged.checksums.add(written.sha256())) {
            // the same bytes under another name: 本地上传 drops duplicates
            storage.delete(written.key());
            staged.duplicates++;
            return;
        }
        staged.checksums.add(written.sha256());
        staged.files++;
        staged.bytes += written.size();
    }

    /** Checks every row of every row file in key order, writing the valid ones, normalized, to {@code rows}. */
    private long validate(DatasetRecord dataset, ObjectKey staging, Staged staged, Path rows)
            throws IOException
    {
        AnnotationTemplate template = dataset.template();
        if (!template.hasRows()) {
            return 0;
        }
        long count = 0;
        List<ObjectEntry> files;
        try (Stream<ObjectEntry> entries = storage.list(staging)) {
            files = entries.filter(entry -> template.isRowFile(entry.key().value())).toList();
        }
        try (BufferedWriter out = Files.newBufferedWriter(rows, StandardCharsets.UTF_8)) {
            for (ObjectEntry file : files) {
                String name = file.key().value().substring(staging.value().length() + 1);
                if (AnnotationTemplate.extension(name).equals("json")) {
                    count += validateJsonArray(template, name, file.key(), staged, out);
                    continue;
                }
                if (AnnotationTemplate.extension(name).equals("xlsx")) {
                    count += validateXlsx(template, name, file.key(), staged, out);
                    continue;
                }
                try (BufferedReader in = new BufferedReader(new InputStreamReader(storage.open(file.key()), StandardCharsets.UTF_8))) {
                    long line = 0;
                    for (String text = in.readLine(); text != null; text = in.readLine()) {
                        line++;
                        if (text.isBlank()) {
                            continue;
                        }
                        JsonNode row;
                        try {
                            row = JSON.readTree(text);
                        }
                        catch (JacksonException e) {
                            staged.error(new RowError(name, line, "-", "dataset.row.json", List.of(String.valueOf(e.getOriginalMessage()))));
                            continue;
                        }
                        count += accept(template, name, line, row, staged, out);
                    }
                }
            }
        }
        return count;
    }

    /**
     * 指令微调 may come as an xlsx sheet: its header row names the fields, each later row is an item, reported by its row
     * number. POI reads a zip from a file, so the sheet is copied to a temporary file first.
     */
    private long validateXlsx(AnnotationTemplate template, String name, ObjectKey key, Staged staged, BufferedWriter out)
            throws IOException
    {
        Path copy = Files.createTempFile("meridian-xlsx-", ".xlsx");
        try {
            try (InputStream in = storage.open(key)) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            long[] count = {0};
            XlsxRows.read(copy, (line, row) -> count[0] += accept(template, name, line, row, staged, out));
            return count[0];
        }
        catch (XlsxRows.UnreadableException e) {
            staged.error(new RowError(name, 0, "-", "dataset.row.xlsx", List.of(String.valueOf(e.getMessage()))));
            return 0;
        }
        finally {
            Files.deleteIfExists(copy);
        }
    }

    /** Q&A pairs may come as one json array: each element is a row, reported by its position. */
    private long validateJsonArray(AnnotationTemplate template, String name, ObjectKey key, Staged staged, BufferedWriter out)
            throws IOException
    {
        JsonNode array;
        try (InputStream in = storage.open(key)) {
            array = JSON.readTree(in);
        }
        catch (JacksonException e) {
            staged.error(new RowError(name, 0, "-", "dataset.row.json", List.of(String.valueOf(e.getOriginalMessage()))));
            return 0;
        }
        if (!array.isArray()) {
            staged.error(new RowError(name, 0, "-", "dataset.row.json-array", List.of()));
            return 0;
        }
        long count = 0;
        for (int i = 0; i < array.size(); i++) {
            count += accept(template, name, i + 1, array.get(i), staged, out);
        }
        return count;
    }

    private static long accept(AnnotationTemplate template, String name, long line, JsonNode row, Staged staged, BufferedWriter out)
            throws IOException
    {
        List<RowRules.Violation> violations = RowRules.check(template, row);
        for (RowRules.Violation violation : violations) {
            staged.error(new RowError(name, line, violation.field(), violation.rule(), violation.args()));
        }
        if (!violations.isEmpty() || staged.errorCount > 0) {
            return 0;
        }
        out.write(JSON.writeValueAsString(row));
        out.write('\n');
        return 1;
    }

    private void commit(DatasetRecord dataset, ObjectKey staging, Staged staged, Path rows, long rowCount)
    {
        List<ObjectEntry> files;
        try (Stream<ObjectEntry> entries = storage.list(staging)) {
            files = entries.toList();
        }
        ObjectKey target = ObjectKey.of(dataset.prefix(), "files");
        for (ObjectEntry file : files) {
            storage.copy(file.key(), target.resolve(file.key().value().substring(staging.value().length() + 1)));
        }
        boolean newRowFile = rowCount > 0;
        if (newRowFile) {
            try (InputStream in = Files.newInputStream(rows)) {
                storage.put(rowFile(dataset, dataset.rowFiles() + 1), in, Files.size(rows));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        storage.deleteAll(staging);
        // an import changes the dataset: it is published again afterwards
        storage.deleteAll(DatasetService.publishedPrefix(dataset));
        datasets.imported(dataset.id(), rowCount, staged.files, staged.bytes, newRowFile, clock.instant());
    }

    static ObjectKey rowFile(DatasetRecord dataset, int number)
    {
        return ObjectKey.of(dataset.prefix(), "rows", "%06d.jsonl".formatted(number));
    }

    /** What one import has staged so far, and the mistakes found. */
    static final class Staged
    {
        final Set<String> checksums = new HashSet<>();
        final List<RowError> errors = new ArrayList<>();
        int files;
        int duplicates;
        long bytes;
        long received;
        long errorCount;

        void error(RowError error)
        {
            errorCount++;
            if (errors.size() < MAX_REPORTED) {
                errors.add(error);
            }
        }
    }

    /** The directory upload's 1 GB, counted across its files while they stream. */
    private static final class Budget
            extends FilterInputStream
    {
        private final Staged staged;

        Budget(InputStream in, Staged staged)
        {
            super(in);
            this.staged = staged;
        }

        @Override
        public int read()
                throws IOException
        {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length)
                throws IOException
        {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n)
        {
            staged.received += n;
            if (staged.received > MAX_DIRECTORY_BYTES) {
                throw new ImportFailure("dataset.import.too-large", MAX_DIRECTORY_BYTES >> 20);
            }
        }
    }
}
