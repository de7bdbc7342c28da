package io.meridian.server.runtime.internal;

import io.meridian.executor.Executor;
import io.meridian.executor.LogChunk;
import io.meridian.executor.LogLine;
import io.meridian.executor.LogQuery;
import io.meridian.executor.MetricsStore;
import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.persistence.Ids;
import io.meridian.server.platform.persistence.Json;
import io.meridian.server.runtime.GangSpec;
import io.meridian.server.runtime.InstanceRecord;
import io.meridian.server.runtime.InstanceStatus;
import io.meridian.server.runtime.RunActivity;
import io.meridian.server.runtime.RunEvent;
import io.meridian.server.runtime.RunKind;
import io.meridian.server.runtime.RunRecord;
import io.meridian.server.runtime.RunStatus;
import io.meridian.server.runtime.StepProgress;
import io.meridian.server.runtime.WorkloadRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

@Service
class DefaultWorkloadRuns
        implements WorkloadRuns
{
    private static final Logger log = LoggerFactory.getLogger(DefaultWorkloadRuns.class);

    static final int DEFAULT_LOG_BYTES = 64 * 1024;
    static final int MAX_LOG_BYTES = 1024 * 1024;
    static final int DEFAULT_LOG_LINES = 1000;
    static final int MAX_LOG_LINES = 10_000;
    private static final int METRICS_CHUNK = 4 * 1024 * 1024;

    private final StepProgressReader steps = new StepProgressReader();
    private final RunRepository runs;
    private final GangAdmission admission;
    private final WorkloadOwners owners;
    private final Backends backends;
    private final TransactionTemplate transaction;
    private final Clock clock;

    DefaultWorkloadRuns(RunRepository runs, GangAdmission admission, WorkloadOwners owners, Backends backends, PlatformTransactionManager transactions, Clock clock)
    {
        this.runs = requireNonNull(runs, "runs is null");
        this.admission = requireNonNull(admission, "admission is null");
        this.owners = requireNonNull(owners, "owners is null");
        this.backends = requireNonNull(backends, "backends is null");
        this.transaction = new TransactionTemplate(requireNonNull(transactions, "transactions is null"));
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public RunRecord create(NewRun request)
    {
        requireNonNull(request, "request is null");
        Instant now = clock.instant();
        RunRecord created = new RunRecord(Ids.newId(request.kind().idPrefix()), request.kind(), request.scope(), request.source(), request.definition(), null,
                RunRecord.Progress.created(), RunRecord.Times.created(now), 0);
        // the gang is checked before anything is written: a definition the owner cannot turn into one is refused whole
        GangSpec gang = owners.of(created).gang(created);
        return transaction.execute(tx -> {
            runs.insert(created);
            runs.addEvent(created.id(), created.tenantId(), now, RunEvent.Kind.TRANSITION, null, RunStatus.CREATING, RunEvent.keyed("runtime.event.created", request.startedByUsername()));
            String workloadId = admission.submit(created, gang);
            runs.setWorkload(created.id(), workloadId);
            RunRecord submitted = runs.findById(created.id()).orElseThrow();
            runs.transition(submitted, RunStatus.QUEUED, null, RunEvent.keyed("runtime.event.submitted", workloadId), clock.instant());
            return runs.findById(created.id()).orElseThrow();
        });
    }

    @Override
    public Optional<RunRecord> find(String tenantId, String runId)
    {
        return runs.find(requireNonNull(tenantId, "tenantId is null"), requireNonNull(runId, "runId is null"));
    }

    @Override
    public PageResult<RunRecord> list(RunQuery query, PageRequest page)
    {
        return runs.list(requireNonNull(query, "query is null"), requireNonNull(page, "page is null"));
    }

    @Override
    public List<RunRecord> ofSource(String tenantId, RunKind kind, String sourceId)
    {
        return runs.ofSource(tenantId, kind, sourceId);
    }

    @Override
    public Map<String, Long> countBySources(String tenantId, RunKind kind, Collection<String> sourceIds)
    {
        return runs.countBySources(tenantId, kind, sourceIds);
    }

    @Override
    public long countActive(String tenantId, RunKind kind, String sourceId)
    {
        return runs.countActive(tenantId, kind, sourceId);
    }

    @Override
    public long countActiveInWorkspace(String tenantId, String workspaceId)
    {
        return runs.countActiveInWorkspace(tenantId, workspaceId);
    }

    @Override
    public List<InstanceRecord> instances(String runId)
    {
        return runs.instances(runId);
    }

    @Override
    public List<RunEvent> events(String runId)
    {
        return runs.events(runId);
    }

    @Override
    public RunRecord stop(RunRecord run, String byUsername)
    {
        RunRecord current = run;
        while (true) {
            if (current.status().isTerminal()) {
                throw ApiException.conflict("runtime.run.finished", current.status().name());
            }
            if (current.status() == RunStatus.STOPPING) {
                return current;
            }
            RunRecord seen = current;
            boolean moved = Boolean.TRUE.equals(transaction.execute(tx -> runs.transition(seen, RunStatus.STOPPING, null, RunEvent.keyed("runtime.event.stop-requested", byUsername),
                    clock.instant())));
            current = runs.find(run.tenantId(), run.id()).orElseThrow(() -> ApiException.notFound("run", run.id()));
            if (moved) {
                return current;
            }
            // the supervisor moved it meanwhile: decide again on its new status
        }
    }

    @Override
    public void delete(RunRecord run)
    {
        if (run.status().isActive()) {
            throw ApiException.conflict("runtime.run.active", run.status().name());
        }
        List<InstanceRecord> instances = runs.instances(run.id());
        runs.delete(run.tenantId(), run.id());
        forget(run, instances);
    }

    /** Drops the executor's state of finished instances (their logs and metrics go with it): the run is deleted. */
    private void forget(RunRecord run, List<InstanceRecord> instances)
    {
        Optional<Executor> executor = executor(run);
        if (executor.isEmpty()) {
            return;
        }
        for (InstanceRecord instance : instances) {
            if (instance.state() == InstanceStatus.WAITING) {
                continue;
            }
            try {
                executor.get().forget(instance.id());
            }
            catch (RuntimeException e) {
                // already gone (a deleted runtime directory): nothing is left to drop
                log.debug("Cannot forget instance {}", instance.id(), e);
            }
        }
    }

    @Override
    public InstanceRecord instance(RunRecord run, String name)
    {
        List<InstanceRecord> instances = runs.instances(run.id());
        List<InstanceRecord> current = InstanceRecord.current(instances);
        if (name == null || name.isBlank()) {
            return current.stream()
                    .min(Comparator.comparing((InstanceRecord instance) -> !instance.isCoordinator()).thenComparingInt(InstanceRecord::index))
                    .orElseThrow(() -> ApiException.conflict("runtime.run.no-instances"));
        }
        return instances.stream()
                .filter(instance -> instance.id().equals(name) || (current.contains(instance) && instance.slot().equals(name)))
                .findFirst()
                .orElseThrow(() -> ApiException.badParameter("instance", "runtime.instance.unknown", name));
    }

    @Override
    public LogPage logs(RunRecord run, String instanceName, LogRequest request)
    {
        InstanceRecord instance = instance(run, instanceName);
        try {
            Executor executor = executor(run).orElseThrow(NoSuchElementException::new);
            if (request.text() != null || request.from() != null || request.to() != null) {
                int lines = request.limit() == null ? DEFAULT_LOG_LINES : request.limit();
                if (lines < 1 || lines > MAX_LOG_LINES) {
                    throw ApiException.badParameter("limit", "validation.range", 1, MAX_LOG_LINES);
                }
                LogQuery query = new LogQuery(Optional.ofNullable(request.text()), Optional.ofNullable(request.from()), Optional.ofNullable(request.to()), lines);
                return new LogPage(instance.id(), executor.logs().query(instance.id(), query), null);
            }
            long start = request.offset() == null ? 0 : request.offset();
            int bytes = request.maxBytes() == null ? DEFAULT_LOG_BYTES : request.maxBytes();
            if (start < 0) {
                throw ApiException.badParameter("offset", "validation.range", 0, Long.MAX_VALUE);
            }
            if (bytes < 1 || bytes > MAX_LOG_BYTES) {
                throw ApiException.badParameter("maxBytes", "validation.range", 1, MAX_LOG_BYTES);
            }
            LogChunk chunk = executor.logs().read(instance.id(), start, bytes);
            return new LogPage(instance.id(), chunk.lines(), chunk.nextOffset());
        }
        catch (NoSuchElementException e) {
            // not launched yet: an empty log, to be followed from the start
            return new LogPage(instance.id(), List.of(), 0L);
        }
    }

    @Override
    public String download(RunRecord run, String instanceName, OutputStream out)
    {
        InstanceRecord instance = instance(run, instanceName);
        long offset = 0;
        try {
            Executor executor = executor(run).orElseThrow(NoSuchElementException::new);
            while (true) {
                LogChunk chunk = executor.logs().read(instance.id(), offset, MAX_LOG_BYTES);
                for (LogLine line : chunk.lines()) {
                    out.write((line.time() + " " + line.text() + "\n").getBytes(StandardCharsets.UTF_8));
                }
                if (chunk.nextOffset() == offset) {
                    return instance.id();
                }
                offset = chunk.nextOffset();
            }
        }
        catch (NoSuchElementException e) {
            return instance.id();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public RunActivity activity(String tenantId, List<String> workspaceIds, Instant now, int recent)
    {
        if (workspaceIds.isEmpty()) {
            return new RunActivity(0, 0, 0, RunActivity.hours(now).stream().map(at -> new RunActivity.CardPoint(at, 0)).toList(), List.of());
        }
        Map<RunStatus, Long> counts = runs.countActiveByStatus(tenantId, workspaceIds);
        int queued = (int) (counts.getOrDefault(RunStatus.CREATING, 0L) + counts.getOrDefault(RunStatus.QUEUED, 0L));
        int running = (int) counts.entrySet().stream()
                .filter(entry -> entry.getKey() != RunStatus.CREATING && entry.getKey() != RunStatus.QUEUED)
                .mapToLong(Map.Entry::getValue)
                .sum();
        List<InstanceRecord> held = runs.instancesStartedSince(tenantId, workspaceIds, now.minus(Duration.ofDays(1)));
        List<Instant> hours = RunActivity.hours(now);
        List<RunActivity.CardPoint> trend = new ArrayList<>();
        for (int i = 0; i < hours.size(); i++) {
            Instant end = hours.get(i);
            Instant start = i == 0 ? end : hours.get(i - 1);
            // the most cards held at once in the hour up to this point: at its start, or when an instance started in it
            List<Instant> moments = new ArrayList<>(List.of(start, end));
            held.stream().map(InstanceRecord::startedAt).filter(at -> at.isAfter(start) && at.isBefore(end)).forEach(moments::add);
            int peak = moments.stream().mapToInt(at -> cardsAt(held, at, now)).max().orElse(0);
            trend.add(new RunActivity.CardPoint(end, peak));
        }
        return new RunActivity(running, queued, cardsAt(held, now, now), trend, runs.newest(tenantId, workspaceIds, recent));
    }

    private static int cardsAt(List<InstanceRecord> instances, Instant at, Instant now)
    {
        return instances.stream().filter(instance -> holdsAt(instance, at, now)).mapToInt(instance -> instance.devices().indices().size()).sum();
    }

    /** Whether the instance held its cards at {@code at}: started by then and not finished before (still held now when unfinished). */
    private static boolean holdsAt(InstanceRecord instance, Instant at, Instant now)
    {
        if (instance.startedAt() == null || instance.startedAt().isAfter(at)) {
            return false;
        }
        if (instance.finishedAt() != null) {
            return !instance.finishedAt().isBefore(at);
        }
        return !instance.state().isFinished() && !at.isAfter(now);
    }

    @Override
    public Map<String, StepProgress> progress(List<RunRecord> page)
    {
        List<RunRecord> started = page.stream().filter(run -> run.times().startedAt() != null).toList();
        Map<String, List<InstanceRecord>> instances = runs.instancesOf(started.stream().map(RunRecord::id).toList());
        Map<String, StepProgress> progress = new LinkedHashMap<>();
        for (RunRecord run : started) {
            Optional<InstanceRecord> coordinator = InstanceRecord.current(instances.getOrDefault(run.id(), List.of())).stream()
                    .min(Comparator.comparing((InstanceRecord instance) -> !instance.isCoordinator()).thenComparingInt(InstanceRecord::index));
            Optional<Executor> executor = coordinator.isEmpty() ? Optional.empty() : executor(run);
            if (coordinator.isPresent() && executor.isPresent()) {
                steps.progress(executor.get().metrics(), coordinator.get().id(), !run.status().isTerminal())
                        .ifPresent(found -> progress.put(run.id(), found));
            }
        }
        return progress;
    }

    @Override
    public List<MetricSeries> metrics(RunRecord run, String instanceName)
    {
        List<InstanceRecord> selected = instanceName == null ? runs.instances(run.id()) : List.of(instance(run, instanceName));
        Optional<Executor> executor = executor(run);
        List<MetricSeries> series = new ArrayList<>();
        for (InstanceRecord instance : selected) {
            List<MetricPoint> points = new ArrayList<>();
            long offset = 0;
            try {
                while (executor.isPresent()) {
                    MetricsStore.Chunk chunk = executor.get().metrics().read(instance.id(), offset, METRICS_CHUNK);
                    chunk.lines().forEach(line -> parse(line).ifPresent(points::add));
                    if (chunk.nextOffset() == offset) {
                        break;
                    }
                    offset = chunk.nextOffset();
                }
            }
            catch (NoSuchElementException e) {
                // never launched: no metrics
            }
            series.add(new MetricSeries(instance.id(), instance.slot(), InstanceRecord.roleName(instance.role()), instance.attempt(), points));
        }
        return series;
    }

    private static Optional<MetricPoint> parse(String line)
    {
        try {
            JsonNode json = Json.tree(line);
            if (!json.path("step").isNumber()) {
                return Optional.empty();
            }
            Map<String, Double> values = new LinkedHashMap<>();
            json.properties().forEach(entry -> {
                // total_steps is the run's progress (StepProgress), not a scalar to chart
                if (entry.getValue().isNumber() && !List.of("step", "time", "loss", StepProgress.TOTAL_STEPS).contains(entry.getKey())) {
                    values.put(entry.getKey(), entry.getValue().asDouble());
                }
            });
            Double loss = json.path("loss").isNumber() ? json.path("loss").asDouble() : null;
            return Optional.of(new MetricPoint(json.path("step").asLong(), loss, json.path("time").asDouble(), values));
        }
        catch (RuntimeException e) {
            // a line the instance wrote by hand that is not a metric: skip it rather than fail the page
            return Optional.empty();
        }
    }

    /** The executor of the run's cluster, if it can be driven now. */
    private Optional<Executor> executor(RunRecord run)
    {
        try {
            return Optional.of(backends.forCluster(owners.gang(run).target().clusterId()));
        }
        catch (RuntimeException e) {
            log.debug("No executor for run {}", run.id(), e);
            return Optional.empty();
        }
    }
}
