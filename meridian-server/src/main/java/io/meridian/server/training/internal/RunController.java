package io.meridian.server.training.internal;

import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.security.CurrentPrincipal;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.runtime.RunRecord;
import io.meridian.server.runtime.RunRequests;
import io.meridian.server.runtime.RunViews;
import io.meridian.server.runtime.StepProgress;
import io.meridian.server.runtime.WorkloadRuns.LogPage;
import io.meridian.server.runtime.WorkloadRuns.MetricSeries;
import io.meridian.server.training.internal.TrainingViews.RunDetail;
import io.meridian.server.training.internal.TrainingViews.RunView;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
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
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** 运行记录: the runs of training tasks, their instances, timeline, logs and metrics (002 §4.6.4.3). */
@RestController
@RequestMapping("/api/v1/training-runs")
class RunController
{
    private final RunService runs;
    private final MessageSource messages;
    private final Clock clock;

    RunController(RunService runs, MessageSource messages, Clock clock)
    {
        this.runs = requireNonNull(runs, "runs is null");
        this.messages = requireNonNull(messages, "messages is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    record MetricsView(String runId, List<MetricSeries> series) {}

    @GetMapping
    PageResult<RunView> list(@RequestParam(required = false) String workspaceId, @RequestParam(required = false) String taskId,
            @RequestParam(required = false) String status, @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String sort)
    {
        Principal caller = CurrentPrincipal.get();
        Instant now = clock.instant();
        PageResult<RunRecord> found = runs.list(caller, blankToNull(workspaceId), blankToNull(taskId), RunRequests.status(status), PageRequest.of(page, size, sort));
        Map<String, StepProgress> progress = runs.progress(found.items());
        Locale locale = LocaleContextHolder.getLocale();
        return found.map(run -> TrainingViews.run(run, progress.get(run.id()), now, messages, locale));
    }

    @GetMapping("/{id}")
    RunDetail get(@PathVariable String id)
    {
        RunRecord run = runs.require(CurrentPrincipal.get(), id);
        Locale locale = LocaleContextHolder.getLocale();
        List<RunViews.EventView> timeline = RunViews.events(runs.events(run), messages, locale);
        return TrainingViews.detail(run, runs.progress(List.of(run)).get(run.id()), runs.instances(run), timeline, clock.instant(), messages, locale);
    }

    @PostMapping("/{id}/stop")
    RunView stop(@PathVariable String id)
    {
        return TrainingViews.run(runs.stop(CurrentPrincipal.get(), id), null, clock.instant(), messages, LocaleContextHolder.getLocale());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id)
    {
        runs.delete(CurrentPrincipal.get(), id);
    }

    /**
     * One instance's log ({@code instance} is an instance id or a name of the current attempt such as {@code worker-0};
     * default the master or chief): a tail from {@code offset} (follow with {@code nextOffset}), or, with any of
     * {@code q}, {@code from}, {@code to}, the last {@code limit} matching lines.
     */
    @GetMapping("/{id}/logs")
    LogPage logs(@PathVariable String id, @RequestParam(required = false) String instance, @RequestParam(required = false) Long offset,
            @RequestParam(required = false) Integer maxBytes, @RequestParam(required = false) String q, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) Integer limit)
    {
        return runs.logs(CurrentPrincipal.get(), id, blankToNull(instance), RunRequests.logRequest(offset, maxBytes, q, from, to, limit));
    }

    @GetMapping("/{id}/logs/download")
    void download(@PathVariable String id, @RequestParam(required = false) String instance, HttpServletResponse response)
            throws IOException
    {
        Principal caller = CurrentPrincipal.get();
        RunRequests.download(response, buffer -> runs.download(caller, id, blankToNull(instance), buffer));
    }

    @GetMapping("/{id}/metrics")
    MetricsView metrics(@PathVariable String id, @RequestParam(required = false) String instance)
    {
        return new MetricsView(id, runs.metrics(CurrentPrincipal.get(), id, blankToNull(instance)));
    }

    private static String blankToNull(String value)
    {
        return RunRequests.blankToNull(value);
    }
}
