package io.meridian.server.cleaning.internal;

import io.meridian.server.audit.NotAudited;
import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.security.CurrentPrincipal;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.runtime.RunRecord;
import io.meridian.server.runtime.RunRequests;
import io.meridian.server.runtime.RunStatus;
import io.meridian.server.runtime.RunViews;
import io.meridian.server.runtime.RunViews.EventView;
import io.meridian.server.runtime.RunViews.InstanceView;
import io.meridian.server.runtime.WorkloadRuns;
import io.meridian.server.runtime.WorkloadRuns.LogPage;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/** 数据清洗: cleaning tasks, their run records, instances and logs per node, and the form's operator preview. */
@RestController
@RequestMapping("/api/v1/cleaning-tasks")
class CleaningController
{
    private final CleaningService cleaning;
    private final WorkloadRuns runs;
    private final MessageSource messages;

    CleaningController(CleaningService cleaning, WorkloadRuns runs, MessageSource messages)
    {
        this.cleaning = requireNonNull(cleaning, "cleaning is null");
        this.runs = requireNonNull(runs, "runs is null");
        this.messages = requireNonNull(messages, "messages is null");
    }

    record OperatorView(String name, String group, Integer minLength, Integer maxLength, Double jaccardThreshold) {}

    /** A task as in the list; {@code operators} in the order they run. */
    record TaskView(String id, String name, String workspaceId, CleaningStatus status, String inputDatasetId, String inputDatasetName,
            String inputDatasetVersion, String outputDatasetId, String outputDatasetName, List<String> fields, List<OperatorView> operators, String clusterId,
            String poolId, String flavorName, int masters, int workers, String latestRunId, String ownerId, Instant createdAt, Instant updatedAt,
            long version) {}

    /** 运行记录: one start of the task. */
    record RunView(String id, RunStatus status, String statusReason, Instant createdAt, Instant startedAt, Instant finishedAt) {}

    record TaskDetail(TaskView task, List<RunView> runs) {}

    /** One run in full: its instances (the nodes of the log selector) and timeline. */
    record RunDetail(RunView run, List<InstanceView> instances, List<EventView> events) {}

    record PreviewRequest(List<CleaningService.OperatorDraft> operators, String text) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    TaskView create(@RequestBody CleaningService.TaskDraft draft)
    {
        return view(cleaning.create(CurrentPrincipal.get(), draft));
    }

    @GetMapping
    PageResult<TaskView> list(@RequestParam(required = false) String workspaceId, @RequestParam(required = false) String status,
            @RequestParam(required = false) String name, @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String sort)
    {
        return cleaning.list(CurrentPrincipal.get(), workspaceId, status(status), name, PageRequest.of(page, size, sort)).map(CleaningController::view);
    }

    @GetMapping("/{id}")
    TaskDetail get(@PathVariable String id)
    {
        CleaningTaskRecord task = cleaning.require(CurrentPrincipal.get(), id);
        return new TaskDetail(view(task), cleaning.runsOf(task).stream().map(CleaningController::runView).toList());
    }

    /** 效果预览: what each operator alone makes of the sample text. Changes nothing. */
    @NotAudited("a preview reads the sample and changes nothing")
    @PostMapping("/preview")
    List<CleaningService.OperatorPreview> preview(@RequestBody PreviewRequest request)
    {
        // any signed-in caller (the credentials filter saw to that): the preview reads nothing of anyone's
        return cleaning.preview(request.operators(), request.text());
    }

    @PostMapping("/{id}/copy")
    @ResponseStatus(HttpStatus.CREATED)
    TaskView copy(@PathVariable String id)
    {
        return view(cleaning.copy(CurrentPrincipal.get(), id));
    }

    @PostMapping("/{id}/restart")
    TaskView restart(@PathVariable String id)
    {
        return view(cleaning.restart(CurrentPrincipal.get(), id));
    }

    @PostMapping("/{id}/stop")
    TaskView stop(@PathVariable String id)
    {
        return view(cleaning.stop(CurrentPrincipal.get(), id));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id)
    {
        cleaning.delete(CurrentPrincipal.get(), id);
    }

    /** A run of the task (the newest without {@code runId}): its instances and timeline. */
    @GetMapping("/{id}/runs/{runId}")
    RunDetail run(@PathVariable String id, @PathVariable String runId)
    {
        CleaningTaskRecord task = cleaning.require(CurrentPrincipal.get(), id);
        RunRecord run = cleaning.run(task, runId);
        Locale locale = LocaleContextHolder.getLocale();
        return new RunDetail(runView(run), RunViews.instances(runs.instances(run.id())), RunViews.events(runs.events(run.id()), messages, locale));
    }

    /**
     * 清洗日志: one node's log of a run ({@code instance}: an id or a slot such as {@code worker-0}; default the master),
     * a tail or a search by text and time range.
     */
    @GetMapping("/{id}/logs")
    LogPage logs(@PathVariable String id, @RequestParam(required = false) String runId, @RequestParam(required = false) String instance,
            @RequestParam(required = false) Long offset, @RequestParam(required = false) Integer maxBytes, @RequestParam(required = false) String q,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to, @RequestParam(required = false) Integer limit)
    {
        Principal caller = CurrentPrincipal.get();
        CleaningTaskRecord task = cleaning.require(caller, id);
        RunRecord run = cleaning.run(task, runId);
        return runs.logs(run, RunRequests.blankToNull(instance), RunRequests.logRequest(offset, maxBytes, q, from, to, limit));
    }

    @GetMapping("/{id}/logs/download")
    void download(@PathVariable String id, @RequestParam(required = false) String runId, @RequestParam(required = false) String instance,
            HttpServletResponse response)
            throws IOException
    {
        CleaningTaskRecord task = cleaning.require(CurrentPrincipal.get(), id);
        RunRecord run = cleaning.run(task, runId);
        RunRequests.download(response, buffer -> runs.download(run, RunRequests.blankToNull(instance), buffer));
    }

    private static CleaningStatus status(String status)
    {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return CleaningStatus.valueOf(status);
        }
        catch (IllegalArgumentException e) {
            throw ApiException.badParameter("status", "cleaning.status.unknown", status);
        }
    }

    static TaskView view(CleaningTaskRecord task)
    {
        CleaningDefinition d = task.definition();
        List<OperatorView> operators = d.operators().stream()
                .map(choice -> new OperatorView(choice.operator().engineName(), choice.operator().group().name(), choice.minLength(), choice.maxLength(),
                        choice.jaccardThreshold()))
                .toList();
        return new TaskView(task.id(), task.name(), task.workspaceId(), task.status(), d.inputDatasetId(), task.inputDatasetName(), task.inputDatasetVersion(),
                d.outputDatasetId(), task.outputDatasetName(), d.fields(), operators, d.clusterId(), d.poolId(), d.flavorName(), d.masters(), d.workers(),
                task.latestRunId(), task.ownerId(), task.createdAt(), task.updatedAt(), task.version());
    }

    private static RunView runView(RunRecord run)
    {
        RunRecord.Times times = run.times();
        return new RunView(run.id(), run.status(), run.progress().statusReason(), times.createdAt(), times.startedAt(), times.finishedAt());
    }
}
