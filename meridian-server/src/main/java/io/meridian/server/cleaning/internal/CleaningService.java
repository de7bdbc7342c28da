package io.meridian.server.cleaning.internal;

import io.meridian.cleaning.Preview;
import io.meridian.cleaning.operator.OperatorConfig;
import io.meridian.server.dataset.Datasets;
import io.meridian.server.dataset.PublishedDataset;
import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.platform.api.NameRule;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.persistence.Ids;
import io.meridian.server.platform.persistence.Json;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.quota.CapacityPool;
import io.meridian.server.quota.WorkloadType;
import io.meridian.server.resource.ClusterDirectory;
import io.meridian.server.resource.Flavor;
import io.meridian.server.runtime.GangForms;
import io.meridian.server.runtime.RunKind;
import io.meridian.server.runtime.RunRecord;
import io.meridian.server.runtime.WorkloadRuns;
import io.meridian.server.workspace.WorkspaceAccess;
import io.meridian.server.workspace.WorkspaceDirectory;
import io.meridian.server.workspace.WorkspacePermission;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Data-cleaning tasks (数据清洗, 001-A §3): create (which starts the first run), list, copy, restart, terminate, delete,
 * and the form's per-operator preview. The spec's permission matrix lists 清洗 among the actions of the 数据集 row, so
 * every call checks {@link WorkspacePermission#DATASET_MANAGE} on the task's owner; another tenant's task is not found.
 */
@Service
class CleaningService
{
    static final String RESOURCE = "cleaning-task";
    static final List<String> FIELDS = List.of("instruction", "input", "output");
    static final int MAX_WORKERS = 16;
    static final int MAX_LENGTH = 1_000_000;
    static final int MAX_SAMPLE = 10_000;
    /** The spec's default compute spec is 8C 16G: the smallest CPU flavor with at least 8 cores and 16 GiB. */
    static final int DEFAULT_CPU_CORES = 8;
    static final int DEFAULT_MEMORY_GIB = 16;

    private final CleaningTaskRepository tasks;
    private final WorkloadRuns runs;
    private final GangForms forms;
    private final Datasets datasets;
    private final ClusterDirectory clusters;
    private final WorkspaceAccess access;
    private final WorkspaceDirectory workspaces;
    private final Clock clock;

    CleaningService(CleaningTaskRepository tasks, WorkloadRuns runs, GangForms forms, Datasets datasets, ClusterDirectory clusters, WorkspaceAccess access,
            WorkspaceDirectory workspaces, Clock clock)
    {
        this.tasks = requireNonNull(tasks, "tasks is null");
        this.runs = requireNonNull(runs, "runs is null");
        this.forms = requireNonNull(forms, "forms is null");
        this.datasets = requireNonNull(datasets, "datasets is null");
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.access = requireNonNull(access, "access is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** An operator as the form sends it: its engine name ({@code clean_email_mapper}…) and its options, if it has any. */
    record OperatorDraft(String name, Integer minLength, Integer maxLength, Double jaccardThreshold) {}

    /** The create form as sent; anything may be missing or wrong. Without {@code fields}, all three; without a flavor, 8C 16G. */
    record TaskDraft(String workspaceId, String name, String inputDatasetId, List<String> fields, List<OperatorDraft> operators, String clusterId,
            String poolId, String flavorName, Integer masters, Integer workers) {}

    /** Validates the form (every problem at once), creates the output dataset {@code <input>_<epoch-ms>} and starts the first run. */
    CleaningTaskRecord create(Principal caller, TaskDraft draft)
    {
        requireNonNull(draft, "draft is null");
        String workspaceId = workspaces.requireOrDefault(caller, draft.workspaceId());
        access.require(caller, workspaceId, WorkspacePermission.DATASET_MANAGE, caller.userId());
        FieldRules rules = FieldRules.check().name("name", draft.name(), NameRule.CLEANING_TASK);
        PublishedDataset input = input(rules, caller, workspaceId, draft.inputDatasetId());
        List<String> fields = fields(rules, draft.fields());
        List<OperatorChoice> operators = operators(rules, draft.operators());
        int masters = draft.masters() == null ? 1 : draft.masters();
        int workers = draft.workers() == null ? 1 : draft.workers();
        // one master merges what the workers cleaned: a second one would have nothing to do
        rules.range("masters", (long) masters, 1, 1);
        rules.range("workers", (long) workers, 1, MAX_WORKERS);
        rules.required("poolId", blankToNull(draft.poolId()));
        Optional<CapacityPool> pool = forms.pool(rules, caller, workspaceId, draft.poolId(), blankToNull(draft.clusterId()), WorkloadType.TRAINING);
        String flavorName = blankToNull(draft.flavorName());
        if (pool.isPresent()) {
            if (flavorName == null) {
                flavorName = defaultFlavor(pool.get()).orElse(null);
                rules.rule(flavorName != null, "flavorName", "cleaning.flavor.none", DEFAULT_CPU_CORES, DEFAULT_MEMORY_GIB);
            }
            forms.flavor(rules, "flavorName", flavorName, pool.get());
            if (!rules.hasViolations()) {
                forms.fits(rules, "workers", pool.get(), Map.of(flavorName, masters + workers));
            }
        }
        if (draft.name() != null && !rules.hasViolations() && tasks.nameTaken(workspaceId, draft.name())) {
            rules.violate("name", "cleaning.name.taken", draft.name());
        }
        rules.throwIfAny();
        String id = Ids.newId("ct");
        CleaningDefinition definition = new CleaningDefinition(workspaceId, id, draft.name(), input.id(), "-", fields, operators, pool.orElseThrow().clusterId(),
                draft.poolId(), flavorName, masters, workers);
        return start(caller, definition, input, input.name() + "_" + clock.millis());
    }

    /** 复制: the same task under {@code <name>_<epoch-ms>}, writing to {@code <output>_<epoch-ms>}, started at once (001-A §3.7). */
    CleaningTaskRecord copy(Principal caller, String id)
    {
        CleaningTaskRecord source = require(caller, id);
        access.require(caller, source.workspaceId(), WorkspacePermission.DATASET_MANAGE, caller.userId());
        long now = clock.millis();
        String suffix = "_" + now;
        String name = truncate(source.name(), NameRule.CLEANING_TASK.maxLength() - suffix.length()) + suffix;
        FieldRules rules = FieldRules.check();
        PublishedDataset input = input(rules, caller, source.workspaceId(), source.definition().inputDatasetId());
        rules.throwIfAny();
        CleaningDefinition definition = new CleaningDefinition(source.workspaceId(), Ids.newId("ct"), name, input.id(), "-", source.definition().fields(),
                source.definition().operators(), source.definition().clusterId(), source.definition().poolId(), source.definition().flavorName(),
                source.definition().masters(), source.definition().workers());
        return start(caller, definition, input, truncate(source.outputDatasetName(), 100 - suffix.length()) + suffix);
    }

    private CleaningTaskRecord start(Principal caller, CleaningDefinition draft, PublishedDataset input, String outputName)
    {
        String outputId = datasets.createInstructionTuning(new Datasets.NewDataset(caller.tenantId(), draft.workspaceId(), caller.userId(), "name",
                outputName, input.version(), "cleaned from " + input.name() + " " + input.version() + " by " + draft.name()));
        CleaningDefinition definition = new CleaningDefinition(draft.workspaceId(), draft.taskId(), draft.name(), draft.inputDatasetId(), outputId,
                draft.fields(), draft.operators(), draft.clusterId(), draft.poolId(), draft.flavorName(), draft.masters(), draft.workers());
        Instant now = clock.instant();
        RunRecord run = runs.create(newRun(caller, definition));
        CleaningTaskRecord task = new CleaningTaskRecord(definition.taskId(), caller.tenantId(), caller.userId(), definition, input.name(), input.version(),
                outputName, CleaningStatus.of(run.status()), run.id(), now, now, 0);
        tasks.insert(task);
        return task;
    }

    private static WorkloadRuns.NewRun newRun(Principal caller, CleaningDefinition definition)
    {
        return new WorkloadRuns.NewRun(RunKind.CLEANING, new RunRecord.Scope(caller.tenantId(), definition.workspaceId(), caller.userId(), caller.userId()),
                new RunRecord.Source(definition.taskId(), definition.name()), Json.write(definition), caller.username());
    }

    /** 重新启动: a new run, only when the task was terminated or failed (001-A §3.7). */
    CleaningTaskRecord restart(Principal caller, String id)
    {
        CleaningTaskRecord task = require(caller, id);
        if (!task.status().restartable()) {
            throw ApiException.conflict("cleaning.restart.status", task.name());
        }
        FieldRules rules = FieldRules.check();
        input(rules, caller, task.workspaceId(), task.definition().inputDatasetId());
        rules.throwIfAny();
        RunRecord run = runs.create(newRun(caller, task.definition()));
        tasks.started(caller.tenantId(), task.id(), run.id(), CleaningStatus.of(run.status()), clock.instant());
        return tasks.find(caller.tenantId(), id).orElseThrow();
    }

    /** 终止: stops the newest run; the task becomes 已终止 when its instances are gone. */
    CleaningTaskRecord stop(Principal caller, String id)
    {
        CleaningTaskRecord task = require(caller, id);
        RunRecord run = latestRun(task).orElseThrow(() -> ApiException.conflict("cleaning.stop.status", task.name()));
        if (!task.status().active()) {
            throw ApiException.conflict("cleaning.stop.status", task.name());
        }
        runs.stop(run, caller.username());
        return tasks.find(caller.tenantId(), id).orElseThrow();
    }

    /** 删除: a task that is not running, with its run records and logs; its output dataset is a dataset of its own and stays. */
    void delete(Principal caller, String id)
    {
        CleaningTaskRecord task = require(caller, id);
        if (task.status().active()) {
            throw ApiException.conflict("cleaning.delete.active", task.name());
        }
        for (RunRecord run : runs.ofSource(caller.tenantId(), RunKind.CLEANING, task.id())) {
            runs.delete(run);
        }
        tasks.delete(caller.tenantId(), task.id());
    }

    PageResult<CleaningTaskRecord> list(Principal caller, String workspaceId, CleaningStatus status, String name, PageRequest page)
    {
        String workspace = workspaces.requireOrDefault(caller, workspaceId);
        String owner = access.reach(caller, workspace, WorkspacePermission.DATASET_MANAGE) == WorkspaceAccess.Reach.ALL ? null : caller.userId();
        return tasks.list(new CleaningTaskRepository.TaskQuery(caller.tenantId(), workspace, owner, status, blankToNull(name)), page);
    }

    /** The task, if the caller may act on it; otherwise not found, as another tenant's. */
    CleaningTaskRecord require(Principal caller, String id)
    {
        CleaningTaskRecord task = tasks.find(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound(RESOURCE, id));
        if (!access.allows(caller, task.workspaceId(), WorkspacePermission.DATASET_MANAGE, task.ownerId())) {
            throw ApiException.notFound(RESOURCE, id);
        }
        return task;
    }

    /** 运行记录: every run of the task, newest first. */
    List<RunRecord> runsOf(CleaningTaskRecord task)
    {
        List<RunRecord> all = new ArrayList<>(runs.ofSource(task.tenantId(), RunKind.CLEANING, task.id()));
        all.sort(Comparator.comparing((RunRecord run) -> run.times().createdAt()).reversed());
        return all;
    }

    /** A run of the task: by id, or the newest when none is named. */
    RunRecord run(CleaningTaskRecord task, String runId)
    {
        String id = runId == null || runId.isBlank() ? task.latestRunId() : runId;
        return runs.find(task.tenantId(), id)
                .filter(run -> run.kind() == RunKind.CLEANING && task.id().equals(run.source().id()))
                .orElseThrow(() -> ApiException.notFound(RunKind.CLEANING.resource(), id));
    }

    Optional<RunRecord> latestRun(CleaningTaskRecord task)
    {
        return task.latestRunId() == null ? Optional.empty() : runs.find(task.tenantId(), task.latestRunId());
    }

    record OperatorPreview(String name, String before, String after) {}

    /** 效果预览: each chosen operator alone on the sample text, in the order they run. */
    List<OperatorPreview> preview(List<OperatorDraft> drafts, String text)
    {
        FieldRules rules = FieldRules.check().required("text", text).maxLength("text", text, MAX_SAMPLE);
        List<OperatorChoice> operators = operators(rules, drafts);
        rules.throwIfAny();
        List<OperatorPreview> previews = new ArrayList<>();
        for (OperatorChoice choice : operators) {
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
            previews.add(new OperatorPreview(choice.operator().engineName(), text, Preview.apply(new OperatorConfig(choice.operator().engineName(), options), text)));
        }
        return previews;
    }

    private PublishedDataset input(FieldRules rules, Principal caller, String workspaceId, String datasetId)
    {
        if (blankToNull(datasetId) == null) {
            rules.required("inputDatasetId", null);
            return null;
        }
        // only the caller's published instruction-tuning datasets of this workspace (001-A §3.2)
        Optional<PublishedDataset> found = datasets.findPublished(caller.tenantId(), datasetId).filter(dataset -> dataset.workspaceId().equals(workspaceId));
        if (found.isEmpty()) {
            rules.violate("inputDatasetId", "cleaning.input.unpublished", datasetId);
            return null;
        }
        if (!found.get().template().equals(PublishedDataset.INSTRUCTION_TUNING)) {
            rules.violate("inputDatasetId", "cleaning.input.template", found.get().name());
            return null;
        }
        return found.get();
    }

    private static List<String> fields(FieldRules rules, List<String> fields)
    {
        if (fields == null) {
            return FIELDS;
        }
        List<String> chosen = FIELDS.stream().filter(fields::contains).toList();
        rules.rule(!chosen.isEmpty(), "fields", "cleaning.fields.none");
        for (int i = 0; i < fields.size(); i++) {
            rules.rule(FIELDS.contains(fields.get(i)), "fields[" + i + "]", "cleaning.fields.unknown", String.valueOf(fields.get(i)), String.join(", ", FIELDS));
        }
        return chosen;
    }

    /** The operators, checked one by one, in the order they run; each may appear once. */
    private static List<OperatorChoice> operators(FieldRules rules, List<OperatorDraft> drafts)
    {
        if (drafts == null || drafts.isEmpty()) {
            rules.violate("operators", "cleaning.operators.none");
            return List.of();
        }
        Map<CleaningOperator, OperatorChoice> chosen = new EnumMap<>(CleaningOperator.class);
        for (int i = 0; i < drafts.size(); i++) {
            String field = "operators[" + i + "]";
            OperatorDraft draft = drafts.get(i);
            Optional<CleaningOperator> operator = draft == null ? Optional.empty() : CleaningOperator.byEngineName(draft.name());
            if (operator.isEmpty()) {
                rules.violate(field + ".name", "cleaning.operator.unknown", draft == null ? "" : String.valueOf(draft.name()));
                continue;
            }
            if (chosen.containsKey(operator.get())) {
                rules.violate(field + ".name", "cleaning.operator.twice", draft.name());
                continue;
            }
            chosen.put(operator.get(), choice(rules, field, operator.get(), draft));
        }
        return List.copyOf(chosen.values());
    }

    private static OperatorChoice choice(FieldRules rules, String field, CleaningOperator operator, OperatorDraft draft)
    {
        boolean length = operator == CleaningOperator.LENGTH;
        boolean near = operator == CleaningOperator.NEAR_DEDUP;
        rules.rule(length || draft.minLength() == null, field + ".minLength", "cleaning.operator.option", draft.name());
        rules.rule(length || draft.maxLength() == null, field + ".maxLength", "cleaning.operator.option", draft.name());
        rules.rule(near || draft.jaccardThreshold() == null, field + ".jaccardThreshold", "cleaning.operator.option", draft.name());
        if (length) {
            if (draft.minLength() != null) {
                rules.range(field + ".minLength", (long) draft.minLength(), 0, MAX_LENGTH);
            }
            if (draft.maxLength() != null) {
                rules.range(field + ".maxLength", (long) draft.maxLength(), 1, MAX_LENGTH);
            }
            if (draft.minLength() != null && draft.maxLength() != null) {
                rules.rule(draft.minLength() <= draft.maxLength(), field + ".maxLength", "cleaning.length.order", draft.minLength());
            }
            return new OperatorChoice(operator, draft.minLength(), draft.maxLength(), null);
        }
        if (near && draft.jaccardThreshold() != null) {
            double threshold = draft.jaccardThreshold();
            rules.rule(threshold >= 0.1 && threshold <= 1.0, field + ".jaccardThreshold", "cleaning.jaccard.range");
            return new OperatorChoice(operator, null, null, threshold);
        }
        return OperatorChoice.of(operator);
    }

    private Optional<String> defaultFlavor(CapacityPool pool)
    {
        if (pool.flavorName() != null) {
            return Optional.of(pool.flavorName());
        }
        return clusters.flavors(pool.clusterId()).stream()
                .filter(flavor -> flavor.cards() == 0 && flavor.cpuCores() >= DEFAULT_CPU_CORES && flavor.memoryGiB() >= DEFAULT_MEMORY_GIB)
                .min(Comparator.comparingInt(Flavor::cpuCores).thenComparingInt(Flavor::memoryGiB))
                .map(Flavor::name);
    }

    private static String truncate(String value, int max)
    {
        return value.length() <= max ? value : value.substring(0, max);
    }

    private static String blankToNull(String value)
    {
        return value == null || value.isBlank() ? null : value;
    }
}
