package io.meridian.server.runtime;

import io.meridian.executor.LogLine;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;

import java.io.OutputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runs of every kind of work, as their owners see them. Permission checks are the owner's: these methods trust the
 * caller to have made them, and scope every read by tenant.
 */
public interface WorkloadRuns
{
    /**
     * Records a new run and submits its gang to the scheduler in one transaction (the caller's, if it has one), so a
     * refused submission (queue stopped, no longer associated…) leaves no run behind; returns it QUEUED.
     */
    RunRecord create(NewRun run);

    Optional<RunRecord> find(String tenantId, String runId);

    PageResult<RunRecord> list(RunQuery query, PageRequest page);

    /** Every run of a kind started from {@code sourceId}. */
    List<RunRecord> ofSource(String tenantId, RunKind kind, String sourceId);

    /** How many runs each source has. */
    Map<String, Long> countBySources(String tenantId, RunKind kind, Collection<String> sourceIds);

    /** How many runs of a source have not ended. */
    long countActive(String tenantId, RunKind kind, String sourceId);

    /** How many runs of any kind in the workspace have not ended. */
    long countActiveInWorkspace(String tenantId, String workspaceId);

    /** Every instance of every attempt. */
    List<InstanceRecord> instances(String runId);

    List<RunEvent> events(String runId);

    /**
     * 停止: moves the run to STOPPING (the runtime then stops its instances and releases its resources) and returns it;
     * a run already stopping is returned as it is. Refuses a run that ended ({@code runtime.run.finished}).
     */
    RunRecord stop(RunRecord run, String byUsername);

    /** 删除: only a run that ended ({@code runtime.run.active} otherwise); its instances' logs and metrics go with it. */
    void delete(RunRecord run);

    /** The instance by id, or by slot ({@code worker-0}) among the current ones; by default the current coordinator. */
    InstanceRecord instance(RunRecord run, String name);

    /** The log of one instance: a tail from {@code offset} (pass {@code nextOffset} back to follow), or a search. */
    LogPage logs(RunRecord run, String instanceName, LogRequest request);

    /** Writes the whole log of one instance as text, one {@code time text} line each; returns the instance's id. */
    String download(RunRecord run, String instanceName, OutputStream out);

    /**
     * Step progress and ETA of each of these runs that started and reported a step (its coordinator's reports in the
     * current attempt), by run id: one statement for the page, and each metrics file read only from where it was last.
     */
    Map<String, StepProgress> progress(List<RunRecord> runs);

    /**
     * What runs and waits in these workspaces of the tenant, the cards their instances held at each hour of the day
     * before {@code now}, and the {@code recent} newest runs: a handful of statements whatever the number of runs.
     */
    RunActivity activity(String tenantId, List<String> workspaceIds, Instant now, int recent);

    /** What each instance reported through {@code meridian_runtime.report(step, loss=…, …)}, per instance and attempt. */
    List<MetricSeries> metrics(RunRecord run, String instanceName);

    /** A new run: its kind, whose it is, what it was started from, and the owner's definition copy (JSON). */
    record NewRun(RunKind kind, RunRecord.Scope scope, RunRecord.Source source, String definition, String startedByUsername) {}

    /** Filters of a run list; null means any. {@code ownerId} limits the list to one owner's runs. */
    record RunQuery(String tenantId, RunKind kind, String workspaceId, String sourceId, RunStatus status, String ownerId) {}

    /** A tail ({@code offset}, {@code maxBytes}) or, when {@code text}, {@code from} or {@code to} is set, a search of at most {@code limit} lines. */
    record LogRequest(Long offset, Integer maxBytes, String text, Instant from, Instant to, Integer limit) {}

    record LogPage(String instance, List<LogLine> lines, Long nextOffset) {}

    record MetricPoint(long step, Double loss, double time, Map<String, Double> values) {}

    record MetricSeries(String instance, String name, String role, int attempt, List<MetricPoint> points) {}
}
