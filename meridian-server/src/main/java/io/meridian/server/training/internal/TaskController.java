package io.meridian.server.training.internal;

import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.security.CurrentPrincipal;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.runtime.EnvVar;
import io.meridian.server.runtime.RunKind;
import io.meridian.server.runtime.WorkloadRuns;
import io.meridian.server.training.internal.TaskService.FaultToleranceDraft;
import io.meridian.server.training.internal.TaskService.TaskDraft;
import io.meridian.server.training.internal.TaskService.TensorBoardDraft;
import io.meridian.server.training.internal.TrainingViews.RunView;
import io.meridian.server.training.internal.TrainingViews.TaskView;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
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

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** 训练任务 (001-A §6, 002 §4.6.4): saved definitions; {@code POST /{id}/runs} runs one (each call is a new run). */
@RestController
@RequestMapping("/api/v1/training-tasks")
class TaskController
{
    private final TaskService tasks;
    private final RunService runs;
    private final WorkloadRuns runRecords;
    private final MessageSource messages;
    private final Clock clock;

    TaskController(TaskService tasks, RunService runs, WorkloadRuns runRecords, MessageSource messages, Clock clock)
    {
        this.messages = requireNonNull(messages, "messages is null");
        this.tasks = requireNonNull(tasks, "tasks is null");
        this.runs = requireNonNull(runs, "runs is null");
        this.runRecords = requireNonNull(runRecords, "runRecords is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    record TaskRequest(String workspaceId, String name, String description, String framework, String mode, String image, String command,
            List<EnvVar> env, List<String> datasets, List<String> myModels, List<String> presetModels, String codePackageId, String clusterId,
            String poolId, String flavorName, String psFlavorName, String chiefFlavorName, String evaluatorFlavorName, Integer nodes, Integer nprocPerNode,
            Integer parameterServers, Integer evaluators, FaultToleranceDraft faultTolerance, TensorBoardDraft tensorboard, Long version)
    {
        TaskDraft draft()
        {
            return new TaskDraft(workspaceId, name, description, framework, mode, image, command, env, datasets, myModels, presetModels, codePackageId,
                    clusterId, poolId, flavorName, psFlavorName, chiefFlavorName, evaluatorFlavorName, nodes,
 nprocPerNode, parameterServers, evaluators, faultTolerance, tensorboard);
        }
    }

    record CopyRequest(String name) {}

    @GetMapping
    PageResult<TaskView> list(@RequestParam(required = false) String workspaceId, @RequestParam(required = false) String q,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size, @RequestParam(required = false) String sort)
    {
        Principal caller = CurrentPrincipal.get();
        String text = q == null || q.isBlank() ? null : q;
        PageResult<TaskRecord> found = tasks.list(caller, workspaceId, text, PageRequest.of(page, size, sort));
        Map<String, Long> runCounts = runRecords.countBySources(caller.tenantId(), RunKind.TRAINING, found.items().stream().map(TaskRecord::id).toList());
        return found.map(task -> TrainingViews.task(task, runCounts.getOrDefault(task.id(), 0L)));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    TaskView create(@RequestBody TaskRequest request)
    {
        Principal caller = CurrentPrincipal.get();
        return view(caller, tasks.create(caller, request.draft()));
    }

    @GetMapping("/{id}")
    TaskView get(@PathVariable String id)
    {
        Principal caller = CurrentPrincipal.get();
        return view(caller, tasks.require(caller, id));
    }

    @PutMapping("/{id}")
    TaskView update(@PathVariable String id, @RequestBody TaskRequest request)
    {
        Principal caller = CurrentPrincipal.get();
        return view(caller, tasks.update(caller, id, request.draft(), request.version()));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id)
    {
        tasks.delete(CurrentPrincipal.get(), id);
    }

    @PostMapping("/{id}/copy")
    @ResponseStatus(HttpStatus.CREATED)
    TaskView copy(@PathVariable String id, @RequestBody CopyRequest request)
    {
        Principal caller = CurrentPrincipal.get();
        return view(caller, tasks.copy(caller, id, request == null ? null : request.name()));
    }

    /** 运行: starts a new run of the task. */
    @PostMapping("/{id}/runs")
    @ResponseStatus(HttpStatus.CREATED)
    RunView start(@PathVariable String id)
    {
        return TrainingViews.run(runs.start(CurrentPrincipal.get(), id), null, clock.instant(), messages, LocaleContextHolder.getLocale());
    }

    private TaskView view(Principal caller, TaskRecord task)
    {
        return TrainingViews.task(task, runRecords.countBySources(caller.tenantId(), RunKind.TRAINING, List.of(task.id())).getOrDefault(task.id(), 0L));
    }
}
