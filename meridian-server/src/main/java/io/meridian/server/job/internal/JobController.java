package io.meridian.server.job.internal;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.security.CurrentPrincipal;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.resource.ClusterDirectory;
import io.meridian.server.resource.ClusterSummary;
import io.meridian.server.runtime.RunRecord;
import io.meridian.server.runtime.RunRequests;
import io.meridian.server.runtime.RunStatus;
import io.meridian.server.runtime.RunViews;
import io.meridian.server.runtime.RunViews.EventView;
import io.meridian.server.runtime.RunViews.InstanceView;
import io.meridian.server.runtime.StepProgress;
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
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/** Plain jobs: a command on N instances of a flavor, with their instances, timeline and logs. */
@RestController
@RequestMapping("/api/v1/jobs")
class JobController
{
    private final JobService jobs;
    private final WorkloadRuns runs;
    private final ClusterDirectory clusters;
    private final MessageSource messages;
    private final Clock clock;

    JobController(JobService jobs, WorkloadRuns runs, ClusterDirectory clusters, MessageSource messages, Clock clock)
    {
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.runs = requireNonNull(runs, "runs is null");
        this.messages = requireNonNull(messages, "messages is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * @param clusterName null when the cluster was deleted after the job ended
     * @param statusReason in the reader's language
     * @param statusReasonCode its key, for scripts
     */
    record JobView(String id, String name, String description, String workspaceId, String clusterId, String clusterName, String poolId, String flavorName,
            int nodes, String image, String command, RunStatus status, String statusReason, String statusReasonCode, int attempt, Instant createdAt, Instant startedAt,
            Instant finishedAt, Long durationSeconds, StepProgress progress, String ownerId, long version) {}

    /** A job as in the list, its fields at the top level, with its instances (every attempt) and timeline. */
    record JobDetail(@JsonUnwrapped JobView job, List<InstanceView> instances, List<EventView> events) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    JobView create(@RequestBody JobService.JobDraft draft)
    {
        return view(jobs.create(CurrentPrincipal.get(), draft), null);
    }

    @GetMapping
    PageResult<JobView> list(@RequestParam(required = false) String workspaceId, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size, @RequestParam(required = false) String sort)
    {
        PageResult<RunRecord> found = jobs.list(CurrentPrincipal.get(), workspaceId, RunRequests.status(status), PageRequest.of(page, size, sort));
        Map<String, StepProgress> progress = runs.progress(found.items());
        return found.map(job -> view(job, progress.get(job.id())));
    }

    @GetMapping("/{id}")
    JobDetail get(@PathVariable String id)
    {
        RunRecord job = jobs.require(CurrentPrincipal.get(), id);
        Locale locale = LocaleContextHolder.getLocale();
        return new JobDetail(view(job, runs.progress(List.of(job)).get(job.id())), RunViews.instances(runs.instances(job.id())),
                RunViews.events(runs.events(job.id()), messages, locale));
    }

    @PostMapping("/{id}/stop")
    JobView stop(@PathVariable String id)
    {
        return view(jobs.stop(CurrentPrincipal.get(), id), null);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id)
    {
        jobs.delete(CurrentPrincipal.get(), id);
    }

    /** One instance's log ({@code instance}: an id or a slot such as {@code worker-1}; default worker 0), a tail or a search. */
    @GetMapping("/{id}/logs")
    LogPage logs(@PathVariable String id, @RequestParam(required = false) String instance, @RequestParam(required = false) Long offset,
            @RequestParam(required = false) Integer maxBytes, @RequestParam(required = false) String q, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) Integer limit)
    {
        RunRecord job = jobs.observable(CurrentPrincipal.get(), id);
        return runs.logs(job, RunRequests.blankToNull(instance), RunRequests.logRequest(offset, maxBytes, q, from, to, limit));
    }

    @GetMapping("/{id}/logs/download")
    void download(@PathVariable String id, @RequestParam(required = false) String instance, HttpServletResponse response)
            throws IOException
    {
        Principal caller = CurrentPrincipal.get();
        RunRecord job = jobs.observable(caller, id);
        RunRequests.download(response, buffer -> runs.download(job, RunRequests.blankToNull(instance), buffer));
    }

    private JobView view(RunRecord job, StepProgress progress)
    {
        JobDefinition definition = JobOwner.definition(job);
        RunRecord.Times times = job.times();
        String clusterName = clusters.findForSystem(definition.clusterId()).map(ClusterSummary::name).orElse(null);
        return new JobView(job.id(), job.name(), definition.description(), job.workspaceId(), definition.clusterId(), clusterName, definition.poolId(),
                definition.flavorName(), definition.nodes(), definition.image(), definition.command(), job.status(),
                RunViews.statusReason(job, messages, LocaleContextHolder.getLocale()), RunViews.statusReasonCode(job),
                job.attempt(), times.createdAt(), times.startedAt(), times.finishedAt(), RunViews.duration(job, clock.instant()), progress, job.ownerId(),
                job.version());
    }
}
