package io.meridian.server.job.internal;

import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.platform.api.NameRule;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.persistence.Json;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.quota.CapacityPool;
import io.meridian.server.quota.WorkloadType;
import io.meridian.server.runtime.EnvVar;
import io.meridian.server.runtime.GangForms;
import io.meridian.server.runtime.RunKind;
import io.meridian.server.runtime.RunRecord;
import io.meridian.server.runtime.RunStatus;
import io.meridian.server.runtime.WorkloadRuns;
import io.meridian.server.training.CodePackages;
import io.meridian.server.workspace.WorkspaceAccess;
import io.meridian.server.workspace.WorkspaceDirectory;
import io.meridian.server.workspace.WorkspacePermission;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Plain jobs: a command on N instances of a flavor. A job is a run of kind {@link RunKind#JOB}, with its definition as
 * the run's copy: there is no job table. Jobs take the training task rows of the permission matrix (a plain job is
 * custom training without a framework).
 */
@Service
class JobService
{
    static final int MAX_DESCRIPTION = 128;
    static final int MAX_NODES = 64;
    /** The image a job runs in when the form names none: the preset PyTorch environment. */
    static final String DEFAULT_IMAGE = "pytorch";

    private final WorkloadRuns runs;
    private final GangForms forms;
    private final WorkspaceAccess access;
    private final WorkspaceDirectory workspaces;
    private final CodePackages codePackages;

    JobService(WorkloadRuns runs, GangForms forms, WorkspaceAccess access, WorkspaceDirectory workspaces, CodePackages codePackages)
    {
        this.runs = requireNonNull(runs, "runs is null");
        this.forms = requireNonNull(forms, "forms is null");
        this.access = requireNonNull(access, "access is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.codePackages = requireNonNull(codePackages, "codePackages is null");
    }

    /** The form as sent; anything may be missing or wrong. */
    record JobDraft(String workspaceId, String name, String description, String clusterId, String poolId, String flavorName, Integer nodes, String image,
            String command, List<EnvVar> env, String codePackageId) {}

    /** Validates the form (every problem at once) and starts the job: it is queued when this returns. */
    RunRecord create(Principal caller, JobDraft draft)
    {
        requireNonNull(draft, "draft is null");
        String workspaceId = workspaces.requireOrDefault(caller, draft.workspaceId());
        access.require(caller, workspaceId, WorkspacePermission.TRAINING_TASK_CREATE, caller.userId());
        JobDefinition definition = validate(caller, workspaceId, draft);
        return runs.create(new WorkloadRuns.NewRun(RunKind.JOB, new RunRecord.Scope(caller.tenantId(), workspaceId, caller.userId(), caller.userId()),
                new RunRecord.Source(null, definition.name()), Json.write(definition), caller.username()));
    }

    private JobDefinition validate(Principal caller, String workspaceId, JobDraft draft)
    {
        FieldRules rules = FieldRules.check()
                .name("name", draft.name(), NameRule.CLUSTER)
                .maxLength("description", draft.description(), MAX_DESCRIPTION)
                .required("command", blankToNull(draft.command()))
                .maxLength("command", draft.command(), GangForms.MAX_COMMAND)
                .required("poolId", blankToNull(draft.poolId()))
                .required("flavorName", blankToNull(draft.flavorName()));
        int nodes = draft.nodes() == null ? 1 : draft.nodes();
        rules.range("nodes", (long) nodes, 1, MAX_NODES);
        String image = draft.image() == null || draft.image().isBlank() ? DEFAULT_IMAGE : draft.image().strip();
        GangForms.image(rules, image);
        List<EnvVar> env = GangForms.env(rules, draft.env());
        String codePackageId = blankToNull(draft.codePackageId());
        if (codePackageId != null && !codePackages.exists(caller.tenantId(), codePackageId)) {
            rules.violate("codePackageId", "job.code-package.unknown", codePackageId);
        }
        Optional<CapacityPool> pool = forms.pool(rules, caller, workspaceId, draft.poolId(), blankToNull(draft.clusterId()), WorkloadType.TRAINING);
        pool.ifPresent(found -> forms.flavor(rules, "flavorName", draft.flavorName(), found));
        if (pool.isPresent() && !rules.hasViolations()) {
            forms.fits(rules, "nodes", pool.get(), Map.of(draft.flavorName(), nodes));
        }
        rules.throwIfAny();
        return new JobDefinition(workspaceId, draft.name(), blankToNull(draft.description()), pool.orElseThrow().clusterId(), draft.poolId(), draft.flavorName(),
                nodes, image, draft.command(), env, codePackageId);
    }

    PageResult<RunRecord> list(Principal caller, String workspaceId, RunStatus status, PageRequest page)
    {
        // the permission check is the workspace's 404
        String workspace = workspaces.requireOrDefault(caller, workspaceId);
        String owner = access.reach(caller, workspace, WorkspacePermission.TRAINING_TASK_OPERATE) == WorkspaceAccess.Reach.ALL ? null : caller.userId();
        return runs.list(new WorkloadRuns.RunQuery(caller.tenantId(), RunKind.JOB, workspace, null, status, owner), page);
    }

    /** The job, if the caller may operate it (stop, delete, see it in full). */
    RunRecord require(Principal caller, String id)
    {
        RunRecord job = find(caller, id);
        access.require(caller, job.workspaceId(), WorkspacePermission.TRAINING_TASK_OPERATE, job.ownerId());
        return job;
    }

    /** The job, if the caller may observe it (logs). */
    RunRecord observable(Principal caller, String id)
    {
        RunRecord job = find(caller, id);
        access.require(caller, job.workspaceId(), WorkspacePermission.SERVICE_OBSERVE, job.ownerId());
        return job;
    }

    RunRecord stop(Principal caller, String id)
    {
        return runs.stop(require(caller, id), caller.username());
    }

    void delete(Principal caller, String id)
    {
        runs.delete(require(caller, id));
    }

    private RunRecord find(Principal caller, String id)
    {
        // a training run is not a job: not found, as another tenant's
        return runs.find(caller.tenantId(), id)
                .filter(run -> run.kind() == RunKind.JOB)
                .orElseThrow(() -> ApiException.notFound(RunKind.JOB.resource(), id));
    }

    private static String blankToNull(String value)
    {
        return value == null || value.isBlank() ? null : value;
    }
}
