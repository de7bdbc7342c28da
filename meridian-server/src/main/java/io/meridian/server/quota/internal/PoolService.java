package io.meridian.server.quota.internal;

import io.meridian.server.iam.UserDirectory;
import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.platform.api.NameRule;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.persistence.Ids;
import io.meridian.server.platform.persistence.Versioned;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.quota.PoolKind;
import io.meridian.server.quota.PoolStatus;
import io.meridian.server.quota.PoolUsage;
import io.meridian.server.quota.QuotaUsage;
import io.meridian.server.quota.SchedulingPolicy;
import io.meridian.server.quota.WorkloadType;
import io.meridian.server.quota.internal.PoolRepository.PoolRole;
import io.meridian.server.quota.internal.PoolRepository.PoolUser;
import io.meridian.server.resource.ClusterCapacity;
import io.meridian.server.resource.ClusterDirectory;
import io.meridian.server.resource.ClusterKind;
import io.meridian.server.resource.ClusterSummary;
import io.meridian.server.resource.Flavor;
import io.meridian.server.workspace.WorkspaceDirectory;
import io.meridian.server.workspace.WorkspaceSummary;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The rules of queues (001-B §4.2) and resource quotas (001-B §4.4), which differ only where the spec says so:
 * quotas live on dedicated clusters only, accept IDE and training only, take flavors of 1, 2, 4 or 8 cards, carry a
 * weight unique in the cluster, and change spec only when stopped.
 */
@Service
class PoolService
{
    static final int MAX_INSTANCES = 10_000;
    static final int MAX_WEIGHT = 100;
    private static final Set<WorkloadType> QUOTA_WORKLOAD_TYPES = EnumSet.of(WorkloadType.IDE, WorkloadType.TRAINING);
    private static final Set<Integer> QUOTA_CARD_GRANULARITIES = Set.of(1, 2, 4, 8);

    private final PoolRepository pools;
    private final QuotaUsage usage;
    private final ClusterDirectory clusters;
    private final UserDirectory users;
    private final WorkspaceDirectory workspaces;
    private final Clock clock;

    PoolService(PoolRepository pools, QuotaUsage usage, ClusterDirectory clusters, UserDirectory users, WorkspaceDirectory workspaces, Clock clock)
    {
        this.pools = requireNonNull(pools, "pools is null");
        this.usage = requireNonNull(usage, "usage is null");
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.users = requireNonNull(users, "users is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A create request; the quota-only fields are null for queues, {@code memberIds} is null for quotas. */
    record PoolDraft(
            String clusterId,
            String name,
            String description,
            List<String> workloadTypes,
            String flavorName,
            Integer instanceCount,
            Integer weight,
            Boolean borrowIdle,
            Boolean exclusive,
            String schedulingPolicy,
            List<String> adminIds,
            List<String> memberIds,
            List<String> workspaceIds) {}

    /** A 更配 request: fields left null keep their value. */
    record Respec(
            List<String> workloadTypes,
            String flavorName,
            Integer instanceCount,
            Integer weight,
            Boolean borrowIdle,
            Boolean exclusive,
            String schedulingPolicy,
            Long version) {}

    record UserAssignment(String userId, String role) {}

    record Filter(String text, WorkloadType workloadType, PoolStatus status, String clusterId, String workspaceId) {}

    static String code(PoolKind kind, String suffix)
    {
        return resource(kind) + "." + suffix;
    }

    static String resource(PoolKind kind)
    {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    // ---- reading

    PageResult<PoolRecord> list(Principal caller, PoolKind kind, Filter filter, PageRequest page)
    {
        // IAM admins see every pool of the tenant; everyone else the default queues and the pools they are users of.
        String visibleTo = caller.isIamAdmin() ? null : caller.userId();
        return pools.search(new PoolRepository.PoolQuery(caller.tenantId(), kind, visibleTo, filter.text(), filter.workloadType(), filter.status(),
                filter.clusterId(), filter.workspaceId()), page);
    }

    /** The pool if the caller's tenant has it (else 404) and the caller may see it (else 403). */
    PoolRecord require(Principal caller, PoolKind kind, String id)
    {
        PoolRecord pool = pools.find(caller.tenantId(), id)
                .filter(found -> found.kind() == kind)
                .orElseThrow(() -> ApiException.notFound(resource(kind), id));
        if (!caller.isIamAdmin() && !pool.isDefault() && pools.roleOf(pool.id(), caller.userId()).isEmpty()) {
            throw ApiException.forbidden();
        }
        return pool;
    }

    /** The pool if the caller manages it: IAM admins manage all, pool admins theirs (001-B §4.2 管理员). */
    PoolRecord requireManaged(Principal caller, PoolKind kind, String id)
    {
        PoolRecord pool = require(caller, kind, id);
        if (!manages(caller, pool)) {
            throw ApiException.forbidden();
        }
        return pool;
    }

    boolean manages(Principal caller, PoolRecord pool)
    {
        return caller.isIamAdmin() || pools.roleOf(pool.id(), caller.userId()).orElse(null) == PoolRole.ADMIN;
    }

    // ---- changing

    @Transactional
    PoolRecord create(Principal caller, PoolKind kind, PoolDraft draft)
    {
        // Queues: IAM and secondary admins (001-B §4.2); quotas: IAM admins only (001-B §4.4).
        if (kind == PoolKind.QUEUE ? !caller.isAdmin() : !caller.isIamAdmin()) {
            throw ApiException.forbidden();
        }
        FieldRules rules = FieldRules.check()
                .required("clusterId", draft.clusterId())
                .name("name", draft.name(), NameRule.QUEUE);
        String description = description(rules, kind, draft.description());
        List<WorkloadType> types = workloadTypes(rules, kind, draft.workloadTypes());
        rules.required("flavorName", draft.flavorName());
        int count = draft.instanceCount() == null ? 1 : draft.instanceCount();
        rules.range("instanceCount", (long) count, 1, MAX_INSTANCES);
        QuotaSettings quota = quotaSettings(rules, kind, draft.weight(), draft.borrowIdle(), draft.exclusive(), draft.schedulingPolicy());

        Shape shape = null;
        if (draft.clusterId() != null && !draft.clusterId().isBlank()) {
            ClusterSummary cluster = clusters.require(caller, draft.clusterId());
            if (cluster.kind() == ClusterKind.DEFAULT) {
                // The default cluster has one default queue per tenant and cannot use quotas (001-B §4.4 附表).
                rules.violate("clusterId", code(kind, "cluster.default"));
            }
            else if (draft.flavorName() != null && !draft.flavorName().isBlank()) {
                shape = shape(rules, kind, cluster.id(), draft.flavorName());
            }
            if (!rules.hasViolation("name") && pools.nameTaken(caller.tenantId(), cluster.id(), kind, draft.name(), null)) {
                rules.violate("name", code(kind, "name.taken"));
            }
            if (quota != null && !rules.hasViolation("weight") && pools.weightTaken(cluster.id(), quota.weight(), null)) {
                rules.violate("weight", "quota.weight.taken", quota.weight());
            }
        }
        rules.throwIfAny();
        requireWithinBounds(kind, draft.clusterId(), shape, count, null, PoolUsage.IDLE);

        List<PoolUser> poolUsers = poolUsers(caller, draft.adminIds(), draft.memberIds());
        List<WorkspaceSummary> associated = quotaWorkspaces(caller, draft.workspaceIds());

        Instant now = clock.instant();
        PoolRecord pool = new PoolRecord(Ids.newId(kind == PoolKind.QUEUE ? "q" : "rq"), caller.tenantId(), kind, draft.clusterId(), draft.name(), description,
                types, shape, count, quota == null ? null : quota.weight(), quota != null && quota.borrowIdle(), quota != null && quota.exclusive(),
                quota == null ? null : quota.policy(), PoolStatus.RUNNING, false, caller.userId(), now, now, 0);
        // The table's unique keys back the name and weight checks above against concurrent creates.
        pools.insert(pool);
        pools.replaceUsers(caller.tenantId(), pool.id(), poolUsers, now);
        for (WorkspaceSummary workspace : associated) {
            pools.associate(caller.tenantId(), pool.id(), workspace.id(), caller.userId(), now);
        }
        return pools.findById(pool.id()).orElseThrow();
    }

    @Transactional
    PoolRecord edit(Principal caller, PoolKind kind, String id, String name, String description, Long version)
    {
        PoolRecord pool = requireManaged(caller, kind, id);
        FieldRules rules = FieldRules.check()
                .name("name", name, NameRule.QUEUE)
                .required("version", version);
        String checkedDescription = description(rules, kind, description);
        if (!rules.hasViolation("name") && pools.nameTaken(caller.tenantId(), pool.clusterId(), kind, name, pool.id())) {
            rules.violate("name", code(kind, "name.taken"));
        }
        rules.throwIfAny();
        Versioned.requireUpdated(pools.updateText(pool.id(), version, name, checkedDescription, clock.instant()), resource(kind), pool.id());
        return pools.findById(pool.id()).orElseThrow();
    }

    /**
     * 更配. Queues may be re-specced while started (the spec sets no stop precondition for them, 001-B §7 item 7),
     * quotas only when stopped; for both, the flavor cannot change while tasks run or wait, and the count stays within
     * the bounds of {@link #requireWithinBounds}.
     */
    @Transactional
    PoolRecord respec(Principal caller, PoolKind kind, String id, Respec respec)
    {
        PoolRecord pool = requireManaged(caller, kind, id);
        if (pool.isDefault()) {
            throw ApiException.conflict("queue.default.fixed", pool.name());
        }
        if (kind == PoolKind.QUOTA && pool.status() != PoolStatus.STOPPED) {
            throw ApiException.conflict("quota.respec.not-stopped", pool.name());
        }
        FieldRules rules = FieldRules.check().required("version", respec.version());
        List<WorkloadType> types = respec.workloadTypes() == null ? pool.workloadTypes() : workloadTypes(rules, kind, respec.workloadTypes());
        Shape shape = pool.shape();
        if (respec.flavorName() != null && !respec.flavorName().equals(pool.shape().flavorName())) {
            shape = shape(rules, kind, pool.clusterId(), respec.flavorName());
        }
        int count = respec.instanceCount() == null ? pool.instanceCount() : respec.instanceCount();
        rules.range("instanceCount", (long) count, 1, MAX_INSTANCES);
        QuotaSettings quota = null;
        if (kind == PoolKind.QUOTA) {
            quota = quotaSettings(rules, kind,
                    respec.weight() == null ? pool.weight() : respec.weight(),
                    respec.borrowIdle() == null ? pool.borrowIdle() : respec.borrowIdle(),
                    respec.exclusive() == null ? pool.exclusive() : respec.exclusive(),
                    respec.schedulingPolicy() == null ? pool.schedulingPolicy().name() : respec.schedulingPolicy());
            if (!rules.hasViolation("weight") && pools.weightTaken(pool.clusterId(), quota.weight(), pool.id())) {
                rules.violate("weight", "quota.weight.taken", quota.weight());
            }
        }
        rules.throwIfAny();

        PoolUsage current = usage.usage(pool.id());
        boolean flavorChanged = shape != pool.shape();
        if (flavorChanged && current.unfinishedTasks() > 0) {
            throw ApiException.conflict(code(kind, "respec.busy"), pool.name(), current.unfinishedTasks());
        }
        requireWithinBounds(kind, pool.clusterId(), shape, count, pool.id(), flavorChanged ? PoolUsage.IDLE : current);

        PoolRecord changed = new PoolRecord(pool.id(), pool.tenantId(), kind, pool.clusterId(), pool.name(), pool.description(), types, shape, count,
                quota == null ? null : quota.weight(), quota != null && quota.borrowIdle(), quota != null && quota.exclusive(),
                quota == null ? null : quota.policy(), pool.status(), false, pool.createdBy(), pool.createdAt(), pool.updatedAt(), pool.version());
        try {
            Versioned.requireUpdated(pools.updateSpec(changed, respec.version(), clock.instant()), resource(kind), pool.id());
        }
        catch (DuplicateKeyException e) {
            // Another quota took the weight between our check and our update.
            throw ApiException.invalidField("weight", "quota.weight.taken", changed.weight());
        }
        return pools.findById(pool.id()).orElseThrow();
    }

    @Transactional
    PoolRecord changeStatus(Principal caller, PoolKind kind, String id, PoolStatus status)
    {
        PoolRecord pool = requireManaged(caller, kind, id);
        if (pool.status() != status) {
            pools.updateStatus(pool.id(), status, clock.instant());
        }
        return pools.findById(pool.id()).orElseThrow();
    }

    /** Only a stopped pool without unfinished tasks can go (001-B §4.2 删除); its capacity returns to the cluster. */
    @Transactional
    void delete(Principal caller, PoolKind kind, String id)
    {
        PoolRecord pool = requireManaged(caller, kind, id);
        if (pool.status() != PoolStatus.STOPPED) {
            throw ApiException.conflict(code(kind, "delete.not-stopped"), pool.name());
        }
        int unfinished = usage.usage(pool.id()).unfinishedTasks();
        if (unfinished > 0) {
            throw ApiException.conflict(code(kind, "delete.unfinished"), pool.name(), unfinished);
        }
        pools.delete(pool.id());
    }

    List<PoolUser> users(Principal caller, PoolKind kind, String id)
    {
        return pools.users(require(caller, kind, id).id());
    }

    /** 管理用户: the list replaces the pool's users (unchecking removes); at least one admin remains. */
    @Transactional
    List<PoolUser> replaceUsers(Principal caller, PoolKind kind, String id, List<UserAssignment> assignments)
    {
        PoolRecord pool = requireManaged(caller, kind, id);
        FieldRules rules = FieldRules.check();
        Map<String, PoolRole> roles = new LinkedHashMap<>();
        List<UserAssignment> given = assignments == null ? List.of() : assignments;
        for (int i = 0; i < given.size(); i++) {
            UserAssignment assignment = given.get(i);
            if (assignment == null || assignment.userId() == null || assignment.userId().isBlank()) {
                rules.violate("users[" + i + "].userId", "validation.required");
                continue;
            }
            Optional<PoolRole> role = parseRole(assignment.role());
            if (role.isEmpty()) {
                rules.violate("users[" + i + "].role", code(kind, "users.role"));
                continue;
            }
            // Someone listed twice keeps the stronger role.
            roles.merge(assignment.userId(), role.get(), (a, b) -> a == PoolRole.ADMIN ? a : b);
        }
        if (!rules.hasViolation("users") && !roles.containsValue(PoolRole.ADMIN)) {
            rules.violate("users", code(kind, "users.admin-required"));
        }
        rules.throwIfAny();
        roles.keySet().forEach(userId -> users.require(caller, userId));
        List<PoolUser> replaced = roles.entrySet().stream().map(entry -> new PoolUser(entry.getKey(), entry.getValue())).toList();
        pools.replaceUsers(pool.tenantId(), pool.id(), replaced, clock.instant());
        return pools.users(pool.id());
    }

    // ---- capacity

    /**
     * The instance-count bounds. Up: at most floor(unassigned / per instance), where unassigned is the cluster's capacity
     * (cards of the flavor's device model, or CPU cores for CPU flavors) less what all other queues and quotas of the
     * cluster hold. Down: at least what is in use or what the largest waiting task needs, whichever is more. The spec
     * writes the smaller of the two (001-B §7 item 6); that would let a pool shrink below what runs in it, so we take
     * the larger.
     */
    void requireWithinBounds(PoolKind kind, String clusterId, Shape shape, int count, String exceptPoolId, PoolUsage current)
    {
        int max = maxInstances(clusterId, shape, exceptPoolId);
        if (count > max) {
            throw ApiException.invalidField("instanceCount", code(kind, "instance-count.max"), max, unassigned(clusterId, shape, exceptPoolId));
        }
        int min = minInstances(shape, current);
        if (count < min) {
            throw ApiException.invalidField("instanceCount", code(kind, "instance-count.min"), min);
        }
    }

    int maxInstances(String clusterId, Shape shape, String exceptPoolId)
    {
        return shape.units() == 0 ? MAX_INSTANCES : unassigned(clusterId, shape, exceptPoolId) / shape.units();
    }

    static int minInstances(Shape shape, PoolUsage current)
    {
        if (shape.units() == 0) {
            return 0;
        }
        int needed = shape.countsCards()
                ? Math.max(current.allocated().cards(), current.largestQueuedCards())
                : Math.max(current.allocated().cpuCores(), current.largestQueuedCpuCores());
        return (needed + shape.units() - 1) / shape.units();
    }

    /** The cluster's capacity in the shape's unit not held by any queue or quota other than {@code exceptPoolId}. */
    int unassigned(String clusterId, Shape shape, String exceptPoolId)
    {
        ClusterCapacity capacity = clusters.capacity(clusterId);
        int total = shape.countsCards() ? capacity.cardsByModel().getOrDefault(shape.deviceModel(), 0) : capacity.cpuCores();
        int held = 0;
        for (PoolRecord other : pools.ofCluster(clusterId)) {
            if (other.isDefault() || other.id().equals(exceptPoolId)) {
                continue;
            }
            if (shape.countsCards()) {
                held += shape.deviceModel().equals(other.shape().deviceModel()) ? other.reserved().cards() : 0;
            }
            else {
                held += other.reserved().cpuCores();
            }
        }
        return Math.max(0, total - held);
    }

    // ---- field rules

    private Shape shape(FieldRules rules, PoolKind kind, String clusterId, String flavorName)
    {
        Optional<Flavor> flavor = clusters.flavor(clusterId, flavorName);
        if (flavor.isEmpty()) {
            rules.violate("flavorName", code(kind, "flavor.unknown"), flavorName);
            return null;
        }
        if (kind == PoolKind.QUOTA && (flavor.get().deviceModel() == null || !QUOTA_CARD_GRANULARITIES.contains(flavor.get().cards()))) {
            rules.violate("flavorName", "quota.flavor.granularity", flavorName);
            return null;
        }
        return Shape.of(flavor.get());
    }

    private static String description(FieldRules rules, PoolKind kind, String description)
    {
        if (description == null || description.isEmpty()) {
            return null;
        }
        // Queue descriptions: 1–500 characters; quota descriptions: 1–128 (001-B §6).
        rules.maxLength("description", description, kind == PoolKind.QUEUE ? 500 : 128);
        return description;
    }

    private static List<WorkloadType> workloadTypes(FieldRules rules, PoolKind kind, List<String> values)
    {
        rules.required("workloadTypes", values);
        if (values == null) {
            return List.of();
        }
        Set<WorkloadType> types = EnumSet.noneOf(WorkloadType.class);
        for (String value : values) {
            Optional<WorkloadType> type = parse(WorkloadType.class, value);
            if (type.isEmpty()) {
                rules.violate("workloadTypes", code(kind, "workload-type.unknown"), String.valueOf(value));
            }
            else if (kind == PoolKind.QUOTA && !QUOTA_WORKLOAD_TYPES.contains(type.get())) {
                // Quotas currently serve IDE and custom training only (001-B §4.4; §7 item 8).
                rules.violate("workloadTypes", "quota.workload-type.unsupported", value);
            }
            else {
                types.add(type.get());
            }
        }
        return List.copyOf(types);
    }

    private record QuotaSettings(int weight, boolean borrowIdle, boolean exclusive, SchedulingPolicy policy) {}

    /** Weight 1–100 (default 1), idle borrowing (default off), exclusive (default on), FIFO (default) or best-effort FIFO; null for queues. */
    private static QuotaSettings quotaSettings(FieldRules rules, PoolKind kind, Integer weight, Boolean borrowIdle, Boolean exclusive, String policy)
    {
        if (kind != PoolKind.QUOTA) {
            return null;
        }
        int checkedWeight = weight == null ? 1 : weight;
        rules.range("weight", (long) checkedWeight, 1, MAX_WEIGHT);
        Optional<SchedulingPolicy> checkedPolicy = policy == null ? Optional.of(SchedulingPolicy.FIFO) : parse(SchedulingPolicy.class, policy);
        if (checkedPolicy.isEmpty()) {
            rules.violate("schedulingPolicy", "quota.scheduling-policy.unsupported", policy);
        }
        return new QuotaSettings(checkedWeight, borrowIdle != null && borrowIdle, exclusive == null || exclusive, checkedPolicy.orElse(SchedulingPolicy.FIFO));
    }

    /** Admins default to the creator (001-B §4.2 管理员); admins and members must be users of the caller's tenant. */
    private List<PoolUser> poolUsers(Principal caller, List<String> adminIds, List<String> memberIds)
    {
        Map<String, PoolRole> roles = new LinkedHashMap<>();
        List<String> admins = adminIds == null || adminIds.isEmpty() ? List.of(caller.userId()) : adminIds;
        for (String adminId : admins) {
            roles.put(users.require(caller, adminId).id(), PoolRole.ADMIN);
        }
        for (String memberId : memberIds == null ? List.<String>of() : memberIds) {
            roles.putIfAbsent(users.require(caller, memberId).id(), PoolRole.MEMBER);
        }
        return roles.entrySet().stream().map(entry -> new PoolUser(entry.getKey(), entry.getValue())).toList();
    }

    /** A quota may be associated with non-default workspaces of the caller's tenant only (001-B §4.5.2). */
    private List<WorkspaceSummary> quotaWorkspaces(Principal caller, List<String> workspaceIds)
    {
        List<WorkspaceSummary> found = new ArrayList<>();
        FieldRules rules = FieldRules.check();
        for (String workspaceId : workspaceIds == null ? List.<String>of() : workspaceIds) {
            WorkspaceSummary workspace = workspaces.require(caller, workspaceId);
            if (workspace.isDefault()) {
                rules.violate("workspaceIds", "quota.workspace.default", workspace.name());
            }
            found.add(workspace);
        }
        rules.throwIfAny();
        return found;
    }

    private static Optional<PoolRole> parseRole(String value)
    {
        return parse(PoolRole.class, value);
    }

    private static <E extends Enum<E>> Optional<E> parse(Class<E> type, String value)
    {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT)));
        }
        catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
