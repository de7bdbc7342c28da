package io.meridian.server.training.internal;

import io.meridian.server.dataset.Datasets;
import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.platform.api.NameRule;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.persistence.Ids;
import io.meridian.server.platform.persistence.Versioned;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.quota.CapacityPool;
import io.meridian.server.quota.WorkloadType;
import io.meridian.server.runtime.EnvVar;
import io.meridian.server.runtime.FaultTolerance;
import io.meridian.server.runtime.FaultTolerance.RestartPolicy;
import io.meridian.server.runtime.FaultTolerance.RestartScope;
import io.meridian.server.runtime.GangForms;
import io.meridian.server.runtime.RunKind;
import io.meridian.server.runtime.RunRecord;
import io.meridian.server.runtime.WorkloadRuns;
import io.meridian.server.training.internal.TaskDefinition.TensorBoard;
import io.meridian.server.workspace.WorkspaceAccess;
import io.meridian.server.workspace.WorkspaceDeleted;
import io.meridian.server.workspace.WorkspaceDirectory;
import io.meridian.server.workspace.WorkspacePermission;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Training task definitions (训练任务): create, edit, copy, delete, list (001-A §6.2, 002 §4.6.4.1–4.6.4.2). */
@Service
class TaskService
{
    static final String RESOURCE = "training-task";
    static final int MAX_DESCRIPTION = 128;
    static final int MAX_DATASETS = 10;
    static final int MAX_MODELS = 5;
    static final int MAX_NODES = 64;
    static final int MAX_NPROC_PER_NODE = 16;
    static final int MAX_PARAMETER_SERVERS = 8;
    // TensorFlow runs one evaluator: it is a side task that evaluates the checkpoints the chief writes
    static final int MAX_EVALUATORS = 1;
    static final int MAX_RESTARTS = 10;
    static final int DEFAULT_MAX_RESTARTS = 3;
    static final int MAX_HANG_TIMEOUT_SECONDS = 7 * 24 * 3600;
    static final String TENSORBOARD_ROOT = "/work/home";
    static final String DEFAULT_TENSORBOARD_PATH = TENSORBOARD_ROOT + "/tensorboard";
    static final int MAX_TENSORBOARD_PATH = 255;

    private final TaskRepository tasks;
    private final WorkloadRuns runs;
    private final CodePackageRepository codePackages;
    private final Datasets publishedDatasets;
    private final WorkspaceAccess access;
    private final WorkspaceDirectory workspaces;
    private final GangForms forms;
    private final Clock clock;

    TaskService(TaskRepository tasks, WorkloadRuns runs, CodePackageRepository codePackages, Datasets publishedDatasets, WorkspaceAccess access,
            WorkspaceDirectory workspaces, GangForms forms, Clock clock)
    {
        this.tasks = requireNonNull(tasks, "tasks is null");
        this.runs = requireNonNull(runs, "runs is null");
        this.codePackages = requireNonNull(codePackages, "codePackages is null");
        this.publishedDatasets = requireNonNull(publishedDatasets, "publishedDatasets is null");
        this.access = requireNonNull(access, "access is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.forms = requireNonNull(forms, "forms is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The form as sent; anything may be missing or wrong. */
    record TaskDraft(String workspaceId, String name, String description, String framework, String mode, String image, String command,
            List<EnvVar> env, List<String> datasets, List<String> myModels, List<String> presetModels, String codePackageId, String clusterId,
            String poolId, String flavorName, String psFlavorName, String chiefFlavorName, String evaluatorFlavorName, Integer nodes, Integer nprocPerNode,
            Integer parameterServers, Integer evaluators, FaultToleranceDraft faultTolerance, TensorBoardDraft tensorboard) {}

    record FaultToleranceDraft(Boolean enabled, Integer maxRestarts, Integer hangTimeoutSeconds, String restartPolicy, String restartScope) {}

    record TensorBoardDraft(Boolean enabled, String path) {}

    TaskRecord create(Principal caller, TaskDraft draft)
    {
        String workspaceId = workspaceOrDefault(caller, draft.workspaceId());
        access.require(caller, workspaceId, WorkspacePermission.TRAINING_TASK_CREATE, caller.userId());
        TaskDefinition definition = validate(caller, workspaceId, draft, null);
        Instant now = clock.instant();
        TaskRecord task = new TaskRecord(Ids.newId("tt"), caller.tenantId(), caller.userId(), definition, now, now, 0);
        tasks.insert(task);
        return task;
    }

    TaskRecord require(Principal caller, String id)
    {
        TaskRecord task = find(caller, id);
        access.require(caller, task.workspaceId(), WorkspacePermission.TRAINING_TASK_OPERATE, task.ownerId());
        return task;
    }

    /** Edits everything but the name and the framework (002 §4.6.4.2); those two are ignored if sent. */
    TaskRecord update(Principal caller, String id, TaskDraft draft, Long version)
    {
        TaskRecord task = find(caller, id);
        // Editing is creating the definition anew: the matrix's 新建 row, on the task owner's data
        access.require(caller, task.workspaceId(), WorkspacePermission.TRAINING_TASK_CREATE, task.ownerId());
        if (version == null) {
            throw ApiException.invalidField("version", "validation.required");
        }
        TaskDraft kept = new TaskDraft(task.workspaceId(), task.name(), draft.description(), task.definition().framework().name(), draft.mode(),
                draft.image(), draft.command(), draft.env(), draft.datasets(), draft.myModels(), draft.presetModels(), draft.codePackageId(),
                draft.clusterId(), draft.poolId(), draft.flavorName(), draft.psFlavorName(), draft.chiefFlavorName(), draft.evaluatorFlavorName(), draft.nodes(),
                draft.nprocPerNode(), draft.parameterServers(), draft.evaluators(), draft.faultTolerance(), draft.tensorboard());
        TaskDefinition definition = validate(caller, task.workspaceId(), kept, task.id());
        Versioned.requireUpdated(tasks.update(caller.tenantId(), id, definition, version, clock.instant()), RESOURCE, id);
        return find(caller, id);
    }

    /** 复制: the same configuration under a new name, which must differ from the original's (002 §4.6.4.2). */
    TaskRecord copy(Principal caller, String id, String name)
    {
        TaskRecord original = find(caller, id);
        access.require(caller, original.workspaceId(), WorkspacePermission.TRAINING_TASK_COPY, original.ownerId());
        FieldRules rules = FieldRules.check().name("name", name, NameRule.CLUSTER);
        if (!rules.hasViolation("name") && name.equals(original.name())) {
            rules.violate("name", "training.task.copy.same-name");
        }
        if (!rules.hasViolation("name") && tasks.nameTaken(original.workspaceId(), name, null)) {
            rules.violate("name", "training.task.name.taken");
        }
        rules.throwIfAny();
        Instant now = clock.instant();
        TaskRecord copy = new TaskRecord(Ids.newId("tt"), caller.tenantId(), caller.userId(), original.definition().withName(name), now, now, 0);
        tasks.insert(copy);
        return copy;
    }

    /** 删除: irreversible; the task's finished runs, their logs and metrics go with it. Refused while a run is unfinished. */
    void delete(Principal caller, String id)
    {
        TaskRecord task = require(caller, id);
        if (runs.countActive(caller.tenantId(), RunKind.TRAINING, id) > 0) {
            throw ApiException.conflict("training.task.delete.active-runs", task.name());
        }
        deleteWithRuns(caller.tenantId(), id);
    }

    /** A workspace goes: its tasks and their runs go with it (the runtime kept it from going while a run was unfinished). */
    @EventListener
    void on(WorkspaceDeleted event)
    {
        tasks.idsOfWorkspace(event.tenantId(), event.workspaceId()).forEach(id -> deleteWithRuns(event.tenantId(), id));
    }

    private void deleteWithRuns(String tenantId, String taskId)
    {
        for (RunRecord run : runs.ofSource(tenantId, RunKind.TRAINING, taskId)) {
            runs.delete(run);
        }
        tasks.delete(tenantId, taskId);
    }

    /**
     * The tasks of a workspace the caller may see: all of them for workspace admins and algorithm operators (their matrix
     * row allows acting on others' tasks), else the caller's own.
     */
    PageResult<TaskRecord> list(Principal caller, String workspaceId, String text, PageRequest page)
    {
        // a workspace the caller cannot see is 404 from the permission check itself, so a named one is not looked up first
        String workspace = workspaceId == null || workspaceId.isBlank() ? workspaceOrDefault(caller, null) : workspaceId;
        String owner = access.reach(caller, workspace, WorkspacePermission.TRAINING_TASK_OPERATE) == WorkspaceAccess.Reach.ALL ? null : caller.userId();
        return tasks.list(new TaskRepository.TaskQuery(caller.tenantId(), workspace, owner, text), page);
    }

    String workspaceOrDefault(Principal caller, String workspaceId)
    {
        return workspaces.requireOrDefault(caller, workspaceId);
    }

    private TaskRecord find(Principal caller, String id)
    {
        return tasks.find(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound(RESOURCE, id));
    }

    private TaskDefinition validate(Principal caller, String workspaceId, TaskDraft draft, String existingId)
    {
        FieldRules rules = FieldRules.check()
                // the spec's task-name rule (002 §4.6.4.1) is the resource-group rule of 002 §4.2.1, word for word
                .name("name", draft.name(), NameRule.CLUSTER)
                .maxLength("description", draft.description(), MAX_DESCRIPTION)
                .required("image", draft.image())
                .required("command", draft.command())
                .maxLength("command", draft.command(), GangForms.MAX_COMMAND)
                .required("poolId", draft.poolId())
                .required("flavorName", draft.flavorName());
        if (!rules.hasViolation("name") && tasks.nameTaken(workspaceId, draft.name(), existingId)) {
            rules.violate("name", "training.task.name.taken");
        }
        TrainingFramework framework = parse(rules, "framework", draft.framework(), TrainingFramework.class, "training.framework.unknown");
        TrainingMode mode = draft.mode() == null && framework != null ? defaultMode(framework)
                : parse(rules, "mode", draft.mode(), TrainingMode.class, "training.mode.unknown");
        if (framework != null && mode != null && !framework.supports(mode)) {
            rules.violate("mode", "training.mode.unsupported", mode.name(), framework.name());
        }
        GangForms.image(rules, draft.image());

        List<EnvVar> env = GangForms.env(rules, draft.env());
        List<String> datasets = references(rules, "datasets", draft.datasets(), MAX_DATASETS);
        for (int i = 0; i < datasets.size(); i++) {
            // a dataset id (我的数据集) must name a published dataset of the tenant: only those feed training
            String dataset = datasets.get(i);
            if (dataset != null && TrainingOwner.isDatasetId(dataset) && publishedDatasets.findPublished(caller.tenantId(), dataset).isEmpty()) {
                rules.violate("datasets[" + i + "]", "training.dataset.unpublished", dataset);
            }
        }
        List<String> myModels = references(rules, "myModels", draft.myModels(), MAX_MODELS);
        List<String> presetModels = references(rules, "presetModels", draft.presetModels(), MAX_MODELS);
        String codePackageId = blankToNull(draft.codePackageId());
        if (codePackageId != null && codePackages.find(caller.tenantId(), codePackageId).isEmpty()) {
            rules.violate("codePackageId", "training.code-package.unknown", codePackageId);
        }

        int nodes = draft.nodes() == null ? 1 : draft.nodes();
        int nproc = draft.nprocPerNode() == null ? 1 : draft.nprocPerNode();
        rules.range("nodes", (long) nodes, 1, MAX_NODES).range("nprocPerNode", (long) nproc, 1, MAX_NPROC_PER_NODE);
        if (mode == TrainingMode.SINGLE && nodes != 1) {
            rules.violate("nodes", "training.nodes.single");
        }
        int parameterServers = 0;
        if (mode == TrainingMode.PS) {
            parameterServers = draft.parameterServers() == null ? 1 : draft.parameterServers();
            rules.range("parameterServers", (long) parameterServers, 1, MAX_PARAMETER_SERVERS);
        }
        int evaluators = draft.evaluators() == null ? 0 : draft.evaluators();
        if (mode == TrainingMode.PS) {
            rules.range("evaluators", (long) evaluators, 0, MAX_EVALUATORS);
        }
        else if (evaluators != 0) {
            rules.violate("evaluators", "training.evaluators.ps-only");
        }
        Map<String, String> roleFlavors = roleFlavors(draft);
        if (mode != null && mode != TrainingMode.PS) {
            roleFlavors.forEach((field, flavorName) -> {
                if (flavorName != null) {
                    rules.violate(field, "training.role-flavor.ps-only");
                }
            });
        }
        FaultTolerance faultTolerance = FaultTolerance.OFF;
        if (draft.faultTolerance() != null) {
            boolean enabled = Boolean.TRUE.equals(draft.faultTolerance().enabled());
            int maxRestarts = 0;
            if (enabled) {
                maxRestarts = draft.faultTolerance().maxRestarts() == null ? DEFAULT_MAX_RESTARTS : draft.faultTolerance().maxRestarts();
                rules.range("faultTolerance.maxRestarts", (long) maxRestarts, 1, MAX_RESTARTS);
            }
            int hangTimeout = draft.faultTolerance().hangTimeoutSeconds() == null ? 0 : draft.faultTolerance().hangTimeoutSeconds();
            rules.range("faultTolerance.hangTimeoutSeconds", (long) hangTimeout, 0, MAX_HANG_TIMEOUT_SECONDS);
            RestartPolicy restartPolicy = draft.faultTolerance().restartPolicy() == null ? RestartPolicy.ON_FAILURE
                    : parse(rules, "faultTolerance.restartPolicy", draft.faultTolerance().restartPolicy(), RestartPolicy.class, "training.restart-policy.unknown");
            RestartScope restartScope = draft.faultTolerance().restartScope() == null ? RestartScope.JOB
                    : parse(rules, "faultTolerance.restartScope", draft.faultTolerance().restartScope(), RestartScope.class, "training.restart-scope.unknown");
            faultTolerance = new FaultTolerance(enabled, maxRestarts, hangTimeout, restartPolicy, restartScope);
        }
        TensorBoard tensorboard = tensorBoard(rules, draft.tensorboard());

        String clusterId = blankToNull(draft.clusterId());
        Optional<CapacityPool> pool = forms.pool(rules, caller, workspaceId, draft.poolId(), clusterId, WorkloadType.TRAINING);
        if (pool.isPresent()) {
            clusterId = pool.get().clusterId();
            forms.flavor(rules, "flavorName", draft.flavorName(), pool.get());
            if (mode == TrainingMode.PS) {
                for (Map.Entry<String, String> roleFlavor : roleFlavors.entrySet()) {
                    forms.flavor(rules, roleFlavor.getKey(), roleFlavor.getValue(), pool.get());
                }
            }
            if (!rules.hasViolations() && mode != null) {
                forms.fits(rules, "nodes", pool.get(), instancesByFlavor(draft.flavorName(), roleFlavors, mode, nodes, parameterServers, evaluators));
            }
        }
        rules.throwIfAny();
        return new TaskDefinition(workspaceId, draft.name(), blankToNull(draft.description()), framework, mode, draft.image(), draft.command(),
                env, datasets, myModels, presetModels, codePackageId, clusterId, draft.poolId(), draft.flavorName(), roleFlavors.get("psFlavorName"),
                roleFlavors.get("chiefFlavorName"), roleFlavors.get("evaluatorFlavorName"), nodes, nproc, parameterServers, evaluators, faultTolerance,
                tensorboard);
    }

    /** What the run starts together, by flavor, as {@link TrainingOwner#roles} lays it out: the coordinator, the workers, PS and evaluator. */
    private static Map<String, Integer> instancesByFlavor(String flavorName, Map<String, String> roleFlavors, TrainingMode mode, int nodes, int parameterServers,
            int evaluators)
    {
        Map<String, Integer> instances = new LinkedHashMap<>();
        String chief = mode == TrainingMode.PS && roleFlavors.get("chiefFlavorName") != null ? roleFlavors.get("chiefFlavorName") : flavorName;
        instances.merge(chief, 1, Integer::sum);
        if (nodes > 1) {
            instances.merge(flavorName, nodes - 1, Integer::sum);
        }
        if (parameterServers > 0) {
            instances.merge(roleFlavors.get("psFlavorName") == null ? flavorName : roleFlavors.get("psFlavorName"), parameterServers, Integer::sum);
        }
        if (evaluators > 0) {
            instances.merge(roleFlavors.get("evaluatorFlavorName") == null ? flavorName : roleFlavors.get("evaluatorFlavorName"), evaluators, Integer::sum);
        }
        return instances;
    }

    /** The per-role flavors of TensorFlow PS (002 §4.6.4.1 资源配置) by field, null where left empty (the workers' flavor then). */
    private static Map<String, String> roleFlavors(TaskDraft draft)
    {
        Map<String, String> flavors = new LinkedHashMap<>();
        flavors.put("psFlavorName", blankToNull(draft.psFlavorName()));
        flavors.put("chiefFlavorName", blankToNull(draft.chiefFlavorName()));
        flavors.put("evaluatorFlavorName", blankToNull(draft.evaluatorFlavorName()));
        return flavors;
    }

    /**
     * TensorBoard 日志路径 (002 §4.6.4.1): off unless enabled; then a container path strictly under {@code /work/home}
     * (default {@code /work/home/tensorboard}), stored normalized. Each rule has its own message, so the form says which
     * one failed.
     */
    private static TensorBoard tensorBoard(FieldRules rules, TensorBoardDraft draft)
    {
        if (draft == null || !Boolean.TRUE.equals(draft.enabled())) {
            return TensorBoard.OFF;
        }
        String field = "tensorboard.path";
        String path = draft.path() == null || draft.path().isBlank() ? DEFAULT_TENSORBOARD_PATH : draft.path().strip();
        if (path.codePointCount(0, path.length()) > MAX_TENSORBOARD_PATH) {
            rules.violate(field, "validation.max-length", MAX_TENSORBOARD_PATH);
            return TensorBoard.OFF;
        }
        if (path.chars().anyMatch(Character::isISOControl)) {
            rules.violate(field, "training.tensorboard.path.control");
            return TensorBoard.OFF;
        }
        if (!path.startsWith("/")) {
            rules.violate(field, "training.tensorboard.path.absolute", TENSORBOARD_ROOT);
            return TensorBoard.OFF;
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                rules.violate(field, "training.tensorboard.path.parent");
                return TensorBoard.OFF;
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        String normalized = "/" + String.join("/", segments);
        if (!normalized.startsWith(TENSORBOARD_ROOT + "/")) {
            rules.violate(field, "training.tensorboard.path.outside", TENSORBOARD_ROOT, DEFAULT_TENSORBOARD_PATH);
            return TensorBoard.OFF;
        }
        return new TensorBoard(true, normalized);
    }

    private static TrainingMode defaultMode(TrainingFramework framework)
    {
        // 001-A §6.2: the form defaults to DDP; TensorFlow has PS only
        return framework == TrainingFramework.PYTORCH ? TrainingMode.DDP : TrainingMode.PS;
    }

    private static List<String> references(FieldRules rules, String field, List<String> values, int max)
    {
        if (values == null) {
            return List.of();
        }
        if (values.size() > max) {
            rules.violate(field, "training.references.too-many", max);
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || value.isBlank() || value.length() > 500) {
                rules.violate(field + "[" + i + "]", "training.reference.invalid");
            }
        }
        return values;
    }

    private static <E extends Enum<E>> E parse(FieldRules rules, String field, String value, Class<E> type, String code)
    {
        if (value == null || value.isBlank()) {
            rules.violate(field, "validation.required");
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            rules.violate(field, code, value);
            return null;
        }
    }

    private static String blankToNull(String value)
    {
        return value == null || value.isBlank() ? null : value;
    }
}
