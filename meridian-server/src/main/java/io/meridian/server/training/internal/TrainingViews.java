package io.meridian.server.training.internal;

import io.meridian.server.training.RunStatus;
import io.meridian.server.training.internal.TaskDefinition.EnvVar;
import io.meridian.server.training.internal.TaskDefinition.FaultTolerance;
import io.meridian.server.training.internal.TaskDefinition.TensorBoard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the API answers about tasks, runs and their instances: the records as the console and the CLI read them. */
final class TrainingViews
{
    private TrainingViews() {}

    record TaskView(String id, String workspaceId, String name, String description, TrainingFramework framework, TrainingMode mode, String image,
            String command, List<EnvVar> env, List<String> datasets, List<String> myModels, List<String> presetModels, String codePackageId,
            String clusterId, String poolId, String flavorName, String psFlavorName, String chiefFlavorName, String evaluatorFlavorName, int nodes,
            int nprocPerNode, int parameterServers, int evaluators, FaultTolerance faultTolerance,
            TensorBoard tensorboard, String workingDir, String outputDir, String ownerId, Long runCount, Instant createdAt, Instant updatedAt, Long version) {}

    record RunView(String id, String name, String taskId, String workspaceId, RunStatus status, String statusReason, int attempt, int restarts,
            TrainingFramework framework, TrainingMode mode, String poolId, String flavorName, String psFlavorName, String chiefFlavorName,
            String evaluatorFlavorName, int nodes, String ownerId, String startedBy,
            Instant createdAt, Instant startedAt, Instant finishedAt, Long durationSeconds, long version) {}

    record InstanceView(String id, String name, String role, int index, int attempt, int restartCount, String node, String devices, String state,
            Integer exitCode, String reason, String faultDomain, Instant startedAt, Instant finishedAt) {}

    record EventView(Instant at, String kind, RunStatus fromStatus, RunStatus toStatus, String message) {}

    /** A run with its definition, its instances (every attempt, oldest first) and its timeline. */
    record RunDetail(String id, String name, String taskId, String workspaceId, RunStatus status, String statusReason, int attempt, int restarts,
            String ownerId, String startedBy, Instant createdAt, Instant startedAt, Instant finishedAt, Long durationSeconds, long version,
            TaskView definition, List<InstanceView> instances, List<EventView> timeline) {}

    static TaskView task(TaskRecord task, long runCount)
    {
        return definition(task.id(), task.definition(), task.ownerId(), runCount, task.createdAt(), task.updatedAt(), task.version());
    }

    static RunView run(RunRecord run, Instant now)
    {
        TaskDefinition d = run.definition();
        return new RunView(run.id(), run.name(), run.taskId(), run.workspaceId(), run.status(), run.statusReason(), run.attempt(), run.restarts(),
                d.framework(), d.mode(), d.poolId(), d.flavorName(), d.psFlavorName(), d.chiefFlavorName(), d.evaluatorFlavorName(), d.nodes(),
                run.ownerId(), run.startedBy(), run.createdAt(), run.startedAt(), run.finishedAt(), duration(run.startedAt(), run.finishedAt(), now), run.version());
    }

    static RunDetail detail(RunRecord run, List<InstanceRecord> instances, List<RunEvent> events, Instant now)
    {
        TaskView definition = definition(run.taskId(), run.definition(), run.ownerId(), null, null, null, null);
        return new RunDetail(run.id(), run.name(), run.taskId(), run.workspaceId(), run.status(), run.statusReason(), run.attempt(), run.restarts(),
                run.ownerId(), run.startedBy(), run.createdAt(), run.startedAt(), run.finishedAt(), duration(run.startedAt(), run.finishedAt(), now),
                run.version(), definition, instances.stream().map(instance -> instance(instance, instance.restartsIn(instances))).toList(),
                events.stream().map(event -> new EventView(event.at(), event.kind(), status(event.fromStatus()), status(event.toStatus()), event.message())).toList());
    }

    static InstanceView instance(InstanceRecord instance, int restartCount)
    {
        return new InstanceView(instance.id(), instance.slot(), instance.role(), instance.index(), instance.attempt(),
                restartCount, instance.node(), instance.devices(), instance.state(), instance.exitCode(), instance.reason(), instance.faultDomain(),
                instance.startedAt(), instance.finishedAt());
    }

    private static TaskView definition(String id, TaskDefinition d, String ownerId, Long runCount, Instant createdAt, Instant updatedAt, Long version)
    {
        return new TaskView(id, d.workspaceId(), d.name(), d.description(), d.framework(), d.mode(), d.image(), d.command(), d.env(), d.datasets(),
                d.myModels(), d.presetModels(), d.codePackageId(), d.clusterId(), d.poolId(), d.flavorName(), d.psFlavorName(), d.chiefFlavorName(),
                d.evaluatorFlavorName(), d.nodes(), d.nprocPerNode(),
                d.parameterServers(), d.evaluators(), d.faultTolerance(), d.tensorboard(), TrainingRuntime.workingDir(d), "/work/home", ownerId, runCount, createdAt, updatedAt, version);
    }

    private static Long duration(Instant startedAt, Instant finishedAt, Instant now)
    {
        if (startedAt == null) {
            return null;
        }
        return Duration.between(startedAt, finishedAt == null ? now : finishedAt).toSeconds();
    }

    private static RunStatus status(String name)
    {
        return name == null ? null : RunStatus.valueOf(name);
    }
}
