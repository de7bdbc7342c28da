package io.meridian.server.runtime.internal;

import io.meridian.server.platform.api.ApiException;
import io.meridian.server.workspace.WorkspaceDeletionGuard;
import org.springframework.stereotype.Component;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A workspace with unfinished runs of any kind stays until they are stopped: their instances use its members' homes. */
@Component
class RunsInWorkspace
        implements WorkspaceDeletionGuard
{
    private final RunRepository runs;

    RunsInWorkspace(RunRepository runs)
    {
        this.runs = requireNonNull(runs, "runs is null");
    }

    @Override
    public Optional<ApiException> refusal(String tenantId, String workspaceId)
    {
        long active = runs.countActiveInWorkspace(tenantId, workspaceId);
        return active == 0 ? Optional.empty() : Optional.of(ApiException.conflict("runtime.workspace.active-runs", active));
    }
}
