package io.meridian.server.training.internal;

import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.persistence.Json;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.runtime.InstanceRecord;
import io.meridian.server.runtime.RunEvent;
import io.meridian.server.runtime.RunKind;
import io.meridian.server.runtime.RunRecord;
import io.meridian.server.runtime.RunStatus;
import io.meridian.server.runtime.StepProgress;
import io.meridian.server.runtime.WorkloadRuns;
import io.meridian.server.runtime.WorkloadRuns.LogPage;
import io.meridian.server.runtime.WorkloadRuns.LogRequest;
import io.meridian.server.runtime.WorkloadRuns.MetricSeries;
import io.meridian.server.workspace.WorkspaceAccess;
import io.meridian.server.workspace.WorkspacePermission;
import org.springframework.stereotype.Service;

import java.io.OutputStream;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Runs (运行记录) of training tasks: start, stop, delete, list, detail, logs and metrics (002 §4.6.4.1, §4.6.4.3), with the
 * training permission checks; the runs themselves are the runtime's.
 */
@Service
class RunService
{
    private final WorkloadRuns runs;
    private final TaskService tasks;
    private final WorkspaceAccess access;

    RunService(WorkloadRuns runs, TaskService tasks, WorkspaceAccess access)
    {
        this.runs = requireNonNull(runs, "runs is null");
        this.tasks = requireNonNull(tasks, "tasks is null");
        this.access = requireNonNull(access, "access is null");
    }

    /**
     * 运行: a new run of the task with a copy of its current definition, submitted to the scheduler in the same
     * transaction, so a refused submission (queue stopped, no longer associated…) leaves no run behind.
     */
    RunRecord start(Principal caller, String taskId)
    {
        TaskRecord task = tasks.require(caller, taskId);
        return runs.create(new WorkloadRuns.NewRun(RunKind.TRAINING, new RunRecord.Scope(caller.tenantId(), task.workspaceId(), task.ownerId(), caller.userId()),
                new RunRecord.Source(task.id(), task.name()), Json.write(task.definition()), caller.username()));
    }

    RunRecord require(Principal caller, String id)
    {
        RunRecord run = find(caller, id);
        access.require(caller, run.workspaceId(), WorkspacePermission.TRAINING_TASK_OPERATE, run.ownerId());
        return run;
    }

    /** Step progress of the runs of a page that report steps, by run id. */
    Map<String, StepProgress> progress(List<RunRecord> page)
    {
        return runs.progress(page);
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
        return runs.list(new WorkloadRuns.RunQuery(caller.tenantId(), RunKind.TRAINING, workspace, taskId, status, owner), page);
    }

    List<InstanceRecord> instances(RunRecord run)
    {
        return runs.instances(run.id());
    }

    List<RunEvent> events(RunRecord run)
    {
        return runs.events(run.id());
    }

    /** 停止: keeps the run record (002 §4.6.4.3); the runtime terminates the instances and releases the resources. */
    RunRecord stop(Principal caller, String id)
    {
        return runs.stop(require(caller, id), caller.username());
    }

    /** 删除: only a finished run; its logs and metrics go with it. */
    void delete(Principal caller, String id)
    {
        runs.delete(require(caller, id));
    }

    LogPage logs(Principal caller, String runId, String instanceName, LogRequest request)
    {
        return runs.logs(observable(caller, runId), instanceName, request);
    }

    String download(Principal caller, String runId, String instanceName, OutputStream out)
    {
        return runs.download(observable(caller, runId), instanceName, out);
    }

    List<MetricSeries> metrics(Principal caller, String runId, String instanceName)
    {
        return runs.metrics(observable(caller, runId), instanceName);
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
        // another kind's run (a job) is not a training run: not found, as another tenant's
        return runs.find(caller.tenantId(), id)
                .filter(run -> run.kind() == RunKind.TRAINING)
                .orElseThrow(() -> ApiException.notFound(RunKind.TRAINING.resource(), id));
    }
}
