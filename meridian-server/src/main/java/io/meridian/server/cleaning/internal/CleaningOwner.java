package io.meridian.server.cleaning.internal;

import io.meridian.executor.AssetKind;
import io.meridian.executor.Mount;
import io.meridian.executor.distributed.Framework;
import io.meridian.executor.distributed.ReplicaRole;
import io.meridian.server.dataset.Datasets;
import io.meridian.server.platform.persistence.Json;
import io.meridian.server.quota.WorkloadType;
import io.meridian.server.runtime.FaultTolerance;
import io.meridian.server.runtime.GangSpec;
import io.meridian.server.runtime.RunKind;
import io.meridian.server.runtime.RunRecord;
import io.meridian.server.runtime.RunStatus;
import io.meridian.server.runtime.SuccessPolicy;
import io.meridian.server.runtime.WorkloadOwner;
import io.meridian.server.runtime.WorkloadStorage;
import io.meridian.server.scheduling.TopologyPreference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A cleaning run as the runtime runs it: one master and {@code workers} workers of the task's flavor. Each worker
 * cleans its shard of the input dataset ({@code CleaningMain --shard i/n}, i = its index among the workers) and marks
 * it done; the master waits for every mark and merges ({@code --merge n}: the global de-duplication and the output in
 * input order). The run succeeds when all of them exit 0, and its output then becomes the output dataset's rows.
 * <p>
 * The command is built from integers and fixed paths only; the pipeline (operator names from {@link CleaningOperator}
 * and numeric options) reaches the instances as the variable {@code MERIDIAN_CLEANING_PIPELINE}, which the command
 * writes to a file without the shell ever interpreting it.
 */
@Component
class CleaningOwner
        implements WorkloadOwner
{
    static final String IMAGE = "meridian-cleaning";
    static final String PIPELINE_ENV = "MERIDIAN_CLEANING_PIPELINE";
    static final String DIRECTORY_ENV = "MERIDIAN_CLEANING_DIR";
    /** Under the owner's {@code /work/home}: the shards' work files and the output of each run, removed when it ends. */
    static final String RUNS_DIRECTORY = ".meridian/cleaning";
    private static final Logger log = LoggerFactory.getLogger(CleaningOwner.class);

    private final CleaningEngineFiles engine;
    private final WorkloadStorage storage;
    private final Datasets datasets;
    private final CleaningTaskRepository tasks;
    private final Clock clock;

    CleaningOwner(CleaningEngineFiles engine, WorkloadStorage storage, Datasets datasets, CleaningTaskRepository tasks, Clock clock)
    {
        this.engine = requireNonNull(engine, "engine is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.datasets = requireNonNull(datasets, "datasets is null");
        this.tasks = requireNonNull(tasks, "tasks is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    static CleaningDefinition definition(RunRecord run)
    {
        return Json.read(run.definition(), CleaningDefinition.class);
    }

    @Override
    public RunKind kind()
    {
        return RunKind.CLEANING;
    }

    @Override
    public GangSpec gang(RunRecord run)
    {
        CleaningDefinition definition = definition(run);
        Map<String, String> env = new LinkedHashMap<>();
        env.put(PIPELINE_ENV, pipeline(definition));
        env.put("MERIDIAN_TASK_ID", definition.taskId());
        List<Mount> mounts = new ArrayList<>();
        datasets.findPublished(run.tenantId(), definition.inputDatasetId())
                .ifPresent(input -> input.hostDirectory().ifPresent(directory -> mounts.add(Mount.readOnly(AssetKind.DATASET, input.id(), directory))));
        mounts.add(Mount.readOnly(AssetKind.CODE, CleaningEngineFiles.JAVA_MOUNT, engine.javaHome()));
        mounts.add(Mount.readOnly(AssetKind.CODE, CleaningEngineFiles.ENGINE_MOUNT, engine.engineDirectory()));
        return new GangSpec(
                // data processing has no workload type of its own in the spec's queues: it is admitted as training is
                new GangSpec.Target(definition.clusterId(), definition.poolId(), WorkloadType.TRAINING, TopologyPreference.NONE),
                List.of(new GangSpec.RoleGroup(ReplicaRole.MASTER, definition.masters(), definition.flavorName()),
                        new GangSpec.RoleGroup(ReplicaRole.WORKER, definition.workers(), definition.flavorName())),
                new GangSpec.Launch(Framework.PLAIN, 1, IMAGE, command(definition.inputDatasetId(), definition.workers()), env, null, mounts),
                FaultTolerance.OFF,
                SuccessPolicy.ALL_INSTANCES);
    }

    /**
     * The instances' script. Workers are replicas 1..n (the master is replica 0); a worker's done mark is written only
     * after its shard's files are complete, so the master never merges a half-written shard.
     */
    static String command(String inputDatasetId, int workers)
    {
        if (!inputDatasetId.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("not a dataset id: " + inputDatasetId);
        }
        return String.join("\n",
                "set -eu",
                "D=\"$" + DIRECTORY_ENV + "\"; M=\"${MERIDIAN_WORK_MOUNT:-/work/mount}\"",
                "JAVA=\"$M/code/" + CleaningEngineFiles.JAVA_MOUNT + "/bin/java\"; CP=\"$M/code/" + CleaningEngineFiles.ENGINE_MOUNT + "/*\"",
                "mkdir -p \"$D/work\" \"$D/output\"",
                "CONFIG=\"$D/pipeline-$MERIDIAN_REPLICA_INDEX.json\"; printf '%s' \"$" + PIPELINE_ENV + "\" > \"$CONFIG\"",
                "if [ \"$MERIDIAN_ROLE\" = master ]; then",
                "  echo \"master: waiting for " + workers + " worker(s)\"",
                "  while [ \"$(find \"$D/work\" -maxdepth 1 -name 'done-*' | wc -l)\" -lt " + workers + " ]; do sleep 0.2; done",
                "  \"$JAVA\" -cp \"$CP\" io.meridian.cleaning.CleaningMain --merge " + workers + " --work-dir \"$D/work\" --config \"$CONFIG\""
                        + " --output \"$D/output/data.jsonl\" --stats \"$D/output/stats.json\"",
                "  cat \"$D/output/stats.json\"",
                "else",
                "  SHARD=$((MERIDIAN_REPLICA_INDEX - 1))",
                "  \"$JAVA\" -cp \"$CP\" io.meridian.cleaning.CleaningMain --input \"$M/dataset/" + inputDatasetId + "/published/data.jsonl\""
                        + " --shard \"$SHARD/" + workers + "\" --work-dir \"$D/work\" --config \"$CONFIG\"",
                "  touch \"$D/work/done-$SHARD\"",
                "fi");
    }

    /** The engine's pipeline spec (JSON, which the engine reads as YAML) from validated choices only. */
    static String pipeline(CleaningDefinition definition)
    {
        List<Map<String, Object>> process = new ArrayList<>();
        for (OperatorChoice choice : definition.operators()) {
            Map<String, Object> options = new LinkedHashMap<>();
            if (choice.minLength() != null) {
                options.put("min_len", choice.minLength());
            }
            if (choice.maxLength() != null) {
                options.put("max_len", choice.maxLength());
            }
            if (choice.jaccardThreshold() != null) {
                options.put("jaccard_threshold", choice.jaccardThreshold());
            }
            process.add(Map.of(choice.operator().engineName(), options));
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("fields", definition.fields());
        spec.put("process", process);
        return Json.write(spec);
    }

    /** The run's directory under the owner's home, created for its instances' user; the instances get its path in their view. */
    @Override
    public Map<String, String> prepareLaunch(RunRecord run, LaunchContext context)
    {
        Path home = context.ownerHome();
        Path current = home;
        try {
            Files.createDirectories(home);
            for (Path segment : Path.of(RUNS_DIRECTORY, run.id())) {
                current = current.resolve(segment);
                if (Files.isSymbolicLink(current)) {
                    throw new IllegalStateException("the cleaning directory lies under a symbolic link: " + current);
                }
                if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(current);
                    if (context.uid() >= 0) {
                        Files.setAttribute(current, "unix:uid", context.uid(), LinkOption.NOFOLLOW_LINKS);
                        Files.setAttribute(current, "unix:gid", context.uid(), LinkOption.NOFOLLOW_LINKS);
                    }
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot create the cleaning directory " + current, e);
        }
        String directory = context.isolated() ? "/work/home/" + RUNS_DIRECTORY + "/" + run.id() : current.toString();
        return Map.of(DIRECTORY_ENV, directory);
    }

    /**
     * The task follows its newest run. When the run succeeds its output is imported into the output dataset here, in
     * the transaction that records the success; an output the dataset refuses (a row left empty, say) fails the task.
     */
    @Override
    public void transitioned(RunRecord run, RunStatus to, String reason, Instant at)
    {
        CleaningStatus status = CleaningStatus.of(to);
        if (to == RunStatus.SUCCEEDED) {
            Path output = runDirectory(run).resolve("output").resolve("data.jsonl");
            boolean imported;
            try {
                imported = datasets.importRows(run.tenantId(), definition(run).outputDatasetId(), output);
            }
            catch (RuntimeException e) {
                log.warn("Cannot import the output of cleaning run {}", run.id(), e);
                imported = false;
            }
            status = imported ? CleaningStatus.SUCCEEDED : CleaningStatus.FAILED;
        }
        tasks.setStatusOfRun(run.id(), status, clock.instant());
        if (to.isTerminal()) {
            deleteQuietly(runDirectory(run));
        }
    }

    private Path runDirectory(RunRecord run)
    {
        return storage.home(run.ownerId()).resolve(RUNS_DIRECTORY).resolve(run.id());
    }

    private static void deleteQuietly(Path directory)
    {
        try {
            FileSystemUtils.deleteRecursively(directory);
        }
        catch (IOException e) {
            log.info("Cannot remove the cleaning directory {}", directory, e);
        }
    }
}
