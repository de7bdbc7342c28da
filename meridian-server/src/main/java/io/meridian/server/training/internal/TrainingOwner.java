package io.meridian.server.training.internal;

import io.meridian.executor.AssetKind;
import io.meridian.executor.Mount;
import io.meridian.executor.distributed.ReplicaRole;
import io.meridian.server.dataset.Datasets;
import io.meridian.server.dataset.PublishedDataset;
import io.meridian.server.platform.i18n.KeyedText;
import io.meridian.server.platform.persistence.Json;
import io.meridian.server.quota.WorkloadType;
import io.meridian.server.runtime.GangSpec;
import io.meridian.server.runtime.RunKind;
import io.meridian.server.runtime.RunRecord;
import io.meridian.server.runtime.SuccessPolicy;
import io.meridian.server.runtime.WorkloadOwner;
import io.meridian.server.runtime.WorkloadStorage;
import io.meridian.server.scheduling.TopologyPreference;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Training as a kind of work the runtime runs: a run's gang comes from its copy of the task's definition (the
 * framework's roles, each of its flavor; the mode's rendezvous and success policy; the task's fault tolerance), and
 * each launch gets the run's TensorBoard directory. Everything else is the runtime's.
 */
@Component
class TrainingOwner
        implements WorkloadOwner
{
    private final WorkloadStorage storage;
    private final Datasets datasets;

    TrainingOwner(WorkloadStorage storage, Datasets datasets)
    {
        this.storage = requireNonNull(storage, "storage is null");
        this.datasets = requireNonNull(datasets, "datasets is null");
    }

    static TaskDefinition definition(RunRecord run)
    {
        return Json.read(run.definition(), TaskDefinition.class);
    }

    @Override
    public RunKind kind()
    {
        return RunKind.TRAINING;
    }

    @Override
    public GangSpec gang(RunRecord run)
    {
        TaskDefinition definition = definition(run);
        TopologyPreference topology = definition.nodes() > 1 ? TopologyPreference.PREFER_SAME_SWITCH : TopologyPreference.NONE;
        Map<String, String> env = new LinkedHashMap<>();
        definition.env().forEach(variable -> env.put(variable.name(), variable.value()));
        env.put("MERIDIAN_TASK_ID", run.source().id());
        return new GangSpec(
                new GangSpec.Target(definition.clusterId(), definition.poolId(), WorkloadType.TRAINING, topology),
                roles(definition),
                new GangSpec.Launch(definition.mode().executorFramework(), definition.nprocPerNode(), definition.image(), definition.command(), env,
                        definition.codePackageId(), datasetMounts(run, definition)),
                definition.faultTolerance(),
                definition.mode() == TrainingMode.PS ? SuccessPolicy.CHIEF : SuccessPolicy.ALL_INSTANCES);
    }

    /**
     * The replica groups of a run, in rank order: the coordinator (master or chief) first. Each group has its role's flavor
     * (TensorFlow PS: parameter servers, chief and evaluator may have their own; the workers' flavor otherwise).
     */
    static List<GangSpec.RoleGroup> roles(TaskDefinition definition)
    {
        List<GangSpec.RoleGroup> groups = new ArrayList<>();
        ReplicaRole coordinator = definition.mode() == TrainingMode.PS ? ReplicaRole.CHIEF : ReplicaRole.MASTER;
        groups.add(group(definition, coordinator, 1));
        if (definition.nodes() > 1) {
            groups.add(group(definition, ReplicaRole.WORKER, definition.nodes() - 1));
        }
        if (definition.parameterServers() > 0) {
            groups.add(group(definition, ReplicaRole.PS, definition.parameterServers()));
        }
        if (definition.evaluators() > 0) {
            groups.add(group(definition, ReplicaRole.EVALUATOR, definition.evaluators()));
        }
        return List.copyOf(groups);
    }

    private static GangSpec.RoleGroup group(TaskDefinition definition, ReplicaRole role, int count)
    {
        return new GangSpec.RoleGroup(role, count, definition.flavorOf(role));
    }

    /**
     * Creates the run's TensorBoard directory, so that any writer finds it, and passes {@code MERIDIAN_TENSORBOARD_DIR}:
     * the container path in the sandbox, else the host directory (as with {@code MERIDIAN_WORK_HOME}).
     */
    @Override
    public Map<String, String> prepareLaunch(RunRecord run, LaunchContext context)
    {
        TaskDefinition definition = definition(run);
        return tensorBoard(run).map(files -> {
            files.create(context.uid());
            String directory = context.isolated() ? definition.tensorboard().runPath(run.id()) : files.directory().toString();
            return Map.of(TensorBoardFiles.ENV, directory);
        }).orElse(Map.of());
    }

    @Override
    public List<String> admissionNotes(RunRecord run)
    {
        TaskDefinition definition = definition(run);
        List<String> notes = new ArrayList<>();
        for (String dataset : definition.datasets()) {
            if (!isDatasetId(dataset)) {
                notes.add(KeyedText.keyed("training.note.dataset-reference", dataset));
            }
            else if (datasets.findPublished(run.tenantId(), dataset).flatMap(PublishedDataset::hostDirectory).isEmpty()) {
                notes.add(KeyedText.keyed("training.note.dataset-unpublished", dataset));
            }
        }
        if (!definition.myModels().isEmpty() || !definition.presetModels().isEmpty()) {
            notes.add(KeyedText.keyed("training.note.model-references"));
        }
        return notes;
    }

    /**
     * The task's published datasets, read-only at {@code /work/mount/dataset/<id>}, resolved at each launch: a dataset
     * unpublished since the task was saved is not mounted (the admission notes say so).
     */
    private List<Mount> datasetMounts(RunRecord run, TaskDefinition definition)
    {
        List<Mount> mounts = new ArrayList<>();
        for (String dataset : definition.datasets()) {
            if (isDatasetId(dataset)) {
                datasets.findPublished(run.tenantId(), dataset)
                        .ifPresent(published -> published.hostDirectory()
                                .ifPresent(directory -> mounts.add(Mount.readOnly(AssetKind.DATASET, published.id(), directory))));
            }
        }
        return mounts;
    }

    static boolean isDatasetId(String reference)
    {
        return reference.startsWith("ds-");
    }

    /** The host side of the run's TensorBoard directory ({@code <path>/<run id>} in the owner's home), if the run has TensorBoard on. */
    Optional<TensorBoardFiles> tensorBoard(RunRecord run)
    {
        TaskDefinition definition = definition(run);
        if (!definition.tensorboard().enabled()) {
            return Optional.empty();
        }
        return Optional.of(TensorBoardFiles.of(storage.home(run.ownerId()), definition.tensorboard(), run.id()));
    }
}
