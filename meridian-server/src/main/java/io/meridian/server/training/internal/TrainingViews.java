package io.meridian.server.training.internal;

import io.meridian.server.runtime.EnvVar;
import io.meridian.server.runtime.FaultTolerance;
import io.meridian.server.runtime.InstanceRecord;
import io.meridian.server.runtime.RunRecord;
import io.meridian.server.runtime.RunStatus;
import io.meridian.server.runtime.RunViews;
import io.meridian.server.runtime.RunViews.EventView;
import io.meridian.server.runtime.RunViews.InstanceView;
import io.meridian.server.runtime.StepProgress;
import io.meridian.server.training.internal.TaskDefinition.TensorBoard;
import org.springframework.context.MessageSource;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** What the API answers about tasks, runs and their instances: the records as the console and the CLI read them. */
final class TrainingViews
{
    private TrainingViews() {}

    record TaskView(String id, String workspaceId, String name, String description, TrainingFramework framework, TrainingMode mode, String image,
            String command, List<EnvVar> env, List<String> datasets, List<String> myModels, List<String> presetModels, String codePackageId,
            String clusterId, String poolId, String flavorName, String psFlavorName, String chiefFlavorName, String evaluatorFlavorName, int nodes,
            int nprocPerNode, int parameterServers, int evaluators, FaultTolerance faultTolerance,
            TensorBoard tensorboard, String workingDir, String outputDir, String ownerId, Long runCount, Instant createdAt, Instant updatedAt, Long version) {}

    /**
     * @param statusReason in the reader's language
     * @param statusReasonCode its key, for scripts
     */
    record RunView(String id, String name, String taskId, String workspaceId, RunStatus status, String statusReason, String statusReasonCode, int attempt,
            int restarts, TrainingFramework framework, TrainingMode mode, String poolId, String flavorName, String psFlavorName, String chiefFlavorName,
            String evaluatorFlavorName, int nodes, String ownerId, String startedBy,
            Instant createdAt, Instant startedAt, Instant finishedAt, Long durationSeconds, StepProgress progress, long version) {}

    /** A run with its definition, its instances (every attempt, oldest first) and its timeline. */
    record RunDetail(String id, String name, String taskId, String workspaceId, RunStatus status, String statusReason, String statusReasonCode, int attempt,
            int restarts, String ownerId, String startedBy, Instant createdAt, Instant startedAt, Instant finishedAt, Long durationSeconds, StepProgress progress, long version,
            TaskView definition, List<InstanceView> instances, List<EventView> timeline) {}

    static TaskView task(TaskRecord task, long runCount)
    {
        return definition(task.id(), task.definition(), task.ownerId(), runCount, task.createdAt(), task.updatedAt(), task.version());
    }

    /**
     * @param progress null unless the run reports steps
     * @param messages with {@code locale}, the reader's language of the status reason
     */
    static RunView run(RunRecord run, StepProgress progress, Instant now, MessageSource messages, Locale locale)
    {
        TaskDefinition d = TrainingOwner.definition(run);
        RunRecord.Times times = run.times();
        return new RunView(run.id(), run.name(), run.source().id(), run.workspaceId(), run.status(), RunViews.statusReason(run, messages, locale),
                RunViews.statusReasonCode(run), run.attempt(),
                run.restarts(), d.framework(), d.mode(), d.poolId(), d.flavorName(), d.psFlavorName(), d.chiefFlavorName(), d.evaluatorFlavorName(),
                d.nodes(), run.ownerId(), run.scope().startedBy(), times.createdAt(), times.startedAt(), times.finishedAt(), RunViews.duration(run, now),
                progress, run.version());
    }

    static RunDetail detail(RunRecord run, StepProgress progress, List<InstanceRecord> instances, List<EventView> timeline, Instant now,
            MessageSource messages, Locale locale)
    {
        TaskView definition = definition(run.source().id(), TrainingOwner.definition(run), run.ownerId(), null, null, null, null);
        RunRecord.Times times = run.times();
        return new RunDetail(run.id(), run.name(), run.source().id(), run.workspaceId(), run.status(), RunViews.statusReason(run, messages, locale),
                RunViews.statusReasonCode(run), run.attempt(),
                run.restarts(), run.ownerId(), run.scope().startedBy(), times.createdAt(), times.startedAt(), times.finishedAt(), RunViews.duration(run, now),
                progress, run.version(), definition, RunViews.instances(instances), timeline);
    }

    private static TaskView definition(String id, TaskDefinition d, String ownerId, Long runCount, Instant createdAt, Instant updatedAt, Long version)
    {
        return new TaskView(id, d.workspaceId(), d.name(), d.description(), d.framework(), d.mode(), d.image(), d.command(), d.env(), d.datasets(),
                d.myModels(), d.presetModels(), d.codePackageId(), d.clusterId(), d.poolId(), d.flavorName(), d.psFlavorName(), d.chiefFlavorName(),
                d.evaluatorFlavorName(), d.nodes(), d.nprocPerNode(),
                d.parameterServers(), d.evaluators(), d.faultTolerance(), d.tensorboard(), d.workingDir(), "/work/home", ownerId, runCount, createdAt, updatedAt, version);
    }
}
