package io.meridian.server.training.internal;

import io.meridian.executor.LogChunk;
import io.meridian.executor.LogLine;
import io.meridian.executor.LogQuery;
import io.meridian.executor.MetricsStore;
import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.persistence.Ids;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.training.RunStatus;
import io.meridian.server.workspace.WorkspaceAccess;
import io.meridian.server.workspace.WorkspacePermission;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Runs (运行记录) of training tasks: start, stop, delete, list, detail, logs and metrics (002 §4.6.4.1, §4.6.4.3). */
@Service
class RunService
{
    static final String RESOURCE = "training-run";
    static final int DEFAULT_LOG_BYTES = 64 * 1024;
    static final int MAX_LOG_BYTES = 1024 * 1024;
    static final int DEFAULT_LOG_LINES = 1000;
    static final int MAX_LOG_LINES = 10_000;
    private static final int METRICS_CHUNK = 4 * 1024 * 1024;

    private final RunRepository runs;
    private final TaskService tasks;
    private final RunAdmission admission;
    private final TrainingRuntime runtime;
    private final WorkspaceAccess access;
    private final TransactionTemplate transaction;
    private final Clock clock;

    RunService(RunRepository runs, TaskService tasks, RunAdmission admission, TrainingRuntime runtime, WorkspaceAccess access,
            PlatformTransactionManager transactions, Clock clock)
    {
        this.runs = requireNonNull(runs, "runs is null");
        this.tasks = requireNonNull(tasks, "tasks is null");
        this.admission = requireNonNull(admission, "admission is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.access = requireNonNull(access, "access is null");
        this.transaction = new TransactionTemplate(requireNonNull(transactions, "transactions is null"));
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * 运行: a new run of the task with a copy of its current definition, submitted to the scheduler in the same
     * transaction, so a refused submission (queue stopped, no longer associated…) leaves no run behind.
     */
    RunRecord start(Principal caller, String taskId)
    {
        TaskRecord task = tasks.require(caller, taskId);
        Instant now = clock.instant();
        RunRecord created = new RunRecord(Ids.newId("tr"), caller.tenantId(), task.workspaceId(), task.id(), task.name(), null, task.ownerId(),
                caller.userId(), task.definition(), RunStatus.CREATING, null, 1, 0, now, null, null, now, 0);
        return transaction.execute(tx -> {
            runs.insert(created);
            runs.addEvent(created.id(), created.tenantId(), now, RunEvent.TRANSITION, null, RunStatus.CREATING, "run created by " + caller.username());
            String workloadId = admission.submit(created);
            runs.setWorkload(created.id(), workloadId);
            RunRecord submitted = runs.find(caller.tenantId(), created.id()).orElseThrow();
            runs.transition(submitted, RunStatus.QUEUED, null, "submitted to the scheduler as workload " + workloadId, clock.instant());
            return runs.find(caller.tenantId(), created.id()).orElseThrow();
        });
    }

    RunRecord require(Principal caller, String id)
    {
        RunRecord run = find(caller, id);
        access.require(caller, run.workspaceId(), WorkspacePermission.TRAINING_TASK_OPERATE, run.ownerId());
        return run;
    }

    PageResult<RunRecord> list(Principal caller, String workspaceId, String taskId, RunStatus status, PageRequest page)
    {
        String workspace;
        if (taskId != null) {
            workspace = tasks.require(caller, taskId).workspaceId();
        }
        else {
            // as for tasks: the permission check is the workspace's 404
            workspace = workspaceId == null ? tasks.workspaceOrDefault(caller, null) : workspaceId;
        }
        String owner = access.reach(caller, workspace, WorkspacePermission.TRAINING_TASK_OPERATE) == WorkspaceAccess.Reach.ALL ? null : caller.userId();
        return runs.list(new RunRepository.RunQuery(caller.tenantId(), workspace, taskId, status, owner), page);
    }

    List<InstanceRecord> instances(RunRecord run)
    {
        return runs.instances(run.id());
    }

    List<RunEvent> events(RunRecord run)
    {
        return runs.events(run.id());
    }

    /** 停止: keeps the run record (002 §4.6.4.3); the reconciler terminates the instances and releases the resources. */
    RunRecord stop(Principal caller, String id)
    {
        RunRecord run = require(caller, id);
        while (true) {
            if (run.status().isTerminal()) {
                throw ApiException.conflict("training.run.finished", run.status().name());
            }
            if (run.status() == RunStatus.STOPPING) {
                return run;
            }
            RunRecord current = run;
            boolean moved = Boolean.TRUE.equals(transaction.execute(tx -> runs.transition(current, RunStatus.STOPPING, null,
                    "stop requested by " + caller.username(), clock.instant())));
            if (moved) {
                return find(caller, id);
            }
            // the reconciler moved it meanwhile: decide again on its new status
            run = find(caller, id);
        }
    }

    /** 删除: only a finished run; its logs and metrics go with it. */
    void delete(Principal caller, String id)
    {
        RunRecord run = require(caller, id);
        if (run.status().isActive()) {
            throw ApiException.conflict("training.run.active", run.status().name());
        }
        List<InstanceRecord> instances = runs.instances(run.id());
        runs.delete(caller.tenantId(), run.id());
        runtime.forget(instances);
    }

    record LogPage(String instance, List<LogLine> lines, Long nextOffset) {}

    /** The log of one instance: a tail from {@code offset} (pass {@code nextOffset} back to follow), or a search. */
    LogPage logs(Principal caller, String runId, String instanceName, Long offset, Integer maxBytes, String text, Instant from, Instant to, Integer limit)
    {
        RunRecord run = observable(caller, runId);
        InstanceRecord instance = instance(run, instanceName);
        try {
            if (text != null || from != null || to != null) {
                int lines = limit == null ? DEFAULT_LOG_LINES : limit;
                if (lines < 1 || lines > MAX_LOG_LINES) {
                    throw ApiException.badParameter("limit", "validation.range", 1, MAX_LOG_LINES);
                }
                LogQuery query = new LogQuery(Optional.ofNullable(text), Optional.ofNullable(from), Optional.ofNullable(to), lines);
                return new LogPage(instance.id(), runtime.executor().logs().query(instance.id(), query), null);
            }
            long start = offset == null ? 0 : offset;
            int bytes = maxBytes == null ? DEFAULT_LOG_BYTES : maxBytes;
            if (start < 0) {
                throw ApiException.badParameter("offset", "validation.range", 0, Long.MAX_VALUE);
            }
            if (bytes < 1 || bytes > MAX_LOG_BYTES) {
                throw ApiException.badParameter("maxBytes", "validation.range", 1, MAX_LOG_BYTES);
            }
            LogChunk chunk = runtime.executor().logs().read(instance.id(), start, bytes);
            return new LogPage(instance.id(), chunk.lines(), chunk.nextOffset());
        }
        catch (NoSuchElementException e) {
            // not launched yet: an empty log, to be followed from the start
            return new LogPage(instance.id(), List.of(), 0L);
        }
    }

    /** Writes the whole log of one instance as text, one {@code time text} line each. */
    String download(Principal caller, String runId, String instanceName, OutputStream out)
    {
        RunRecord run = observable(caller, runId);
        InstanceRecord instance = instance(run, instanceName);
        long offset = 0;
        try {
            while (true) {
                LogChunk chunk = runtime.executor().logs().read(instance.id(), offset, MAX_LOG_BYTES);
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

    record MetricPoint(long step, Double loss, double time, Map<String, Double> values) {}

    record MetricSeries(String instance, String name, String role, int attempt, List<MetricPoint> points) {}

    /** 监控: what each instance reported through {@code meridian_runtime.report(step, loss=…, …)}, per instance and attempt. */
    List<MetricSeries> metrics(Principal caller, String runId, String instanceName)
    {
        RunRecord run = observable(caller, runId);
        List<InstanceRecord> selected = instanceName == null ? runs.instances(run.id()) : List.of(instance(run, instanceName));
        List<MetricSeries> series = new ArrayList<>();
        for (InstanceRecord instance : selected) {
            List<MetricPoint> points = new ArrayList<>();
            long offset = 0;
            try {
                while (true) {
                    MetricsStore.Chunk chunk = runtime.executor().metrics().read(instance.id(), offset, METRICS_CHUNK);
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
            series.add(new MetricSeries(instance.id(), instance.slot(), instance.role(), instance.attempt(), points));
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
                if (entry.getValue().isNumber() && !List.of("step", "time", "loss").contains(entry.getKey())) {
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

    /** The instance by id, or by slot name ({@code worker-0}) among the current instances; by default the current coordinator. */
    private InstanceRecord instance(RunRecord run, String name)
    {
        List<InstanceRecord> instances = runs.instances(run.id());
        if (name == null || name.isBlank()) {
            return InstanceRecord.current(instances).stream()
                    .min((a, b) -> Integer.compare(coordinatorFirst(a), coordinatorFirst(b)))
                    .orElseThrow(() -> ApiException.conflict("training.run.no-instances"));
        }
        List<InstanceRecord> current = InstanceRecord.current(instances);
        return instances.stream()
                .filter(instance -> instance.id().equals(name) || (current.contains(instance) && instance.slot().equals(name)))
                .findFirst()
                .orElseThrow(() -> ApiException.badParameter("instance", "training.instance.unknown", name));
    }

    private static int coordinatorFirst(InstanceRecord instance)
    {
        return (instance.role().equals("master") || instance.role().equals("chief") ? 0 : 1000) + instance.index();
    }

    /** The run and the ids of all its instances (every attempt), if the caller may observe it. */
    ObservedRun observe(Principal caller, String runId)
    {
        RunRecord run = observable(caller, runId);
        return new ObservedRun(run.id(), run.tenantId(), runs.instances(run.id()).stream().map(InstanceRecord::id).toList());
    }

    record ObservedRun(String runId, String tenantId, List<String> instanceIds) {}

    RunRecord observable(Principal caller, String id)
    {
        RunRecord run = find(caller, id);
        access.require(caller, run.workspaceId(), WorkspacePermission.SERVICE_OBSERVE, run.ownerId());
        return run;
    }

    private RunRecord find(Principal caller, String id)
    {
        return runs.find(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound(RESOURCE, id));
    }
}
