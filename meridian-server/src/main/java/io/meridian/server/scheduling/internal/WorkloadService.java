package io.meridian.server.scheduling.internal;

import io.meridian.server.iam.UserDirectory;
import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.persistence.Ids;
import io.meridian.server.platform.persistence.Versioned;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.quota.CapacityPool;
import io.meridian.server.quota.CapacityPools;
import io.meridian.server.quota.QuotaUsage;
import io.meridian.server.resource.ClusterDirectory;
import io.meridian.server.resource.Flavor;
import io.meridian.server.scheduling.InstanceGroupRequest;
import io.meridian.server.scheduling.ScheduledWorkload;
import io.meridian.server.scheduling.SchedulingReason;
import io.meridian.server.scheduling.WorkloadRequest;
import io.meridian.server.scheduling.WorkloadScheduler;
import io.meridian.server.scheduling.WorkloadStatus;
import io.meridian.server.workspace.WorkspaceDirectory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/** {@link WorkloadScheduler}: submit, look up, release and re-prioritise workloads; the loop decides them. */
@Service
class WorkloadService
        implements WorkloadScheduler
{
    static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9-]{0,29}");
    static final int MAX_INSTANCES = 1000;
    static final int MAX_CARDS_PER_INSTANCE = 64;
    static final long MAX_CPU_MILLI = 1024 * LibraryTerms.MILLI;
    static final long MAX_MEMORY_MIB = 16 * 1024 * LibraryTerms.MIB_PER_GIB;
    static final long MAX_GPU_MEMORY_MIB = 1024 * LibraryTerms.MIB_PER_GIB;
    static final int MAX_TEXT = 200;
    private static final int RELEASE_ATTEMPTS = 3;

    private final WorkloadRepository workloads;
    private final SchedulingLoop loop;
    private final CapacityPools pools;
    private final QuotaUsage usage;
    private final ClusterDirectory clusters;
    private final WorkspaceDirectory workspaces;
    private final UserDirectory users;
    private final Clock clock;
    private final AtomicLong lastSubmitSeq = new AtomicLong(-1);

    WorkloadService(WorkloadRepository workloads, SchedulingLoop loop, CapacityPools pools, QuotaUsage usage, ClusterDirectory clusters,
            WorkspaceDirectory workspaces, UserDirectory users, Clock clock)
    {
        this.workloads = requireNonNull(workloads, "workloads is null");
        this.loop = requireNonNull(loop, "loop is null");
        this.pools = requireNonNull(pools, "pools is null");
        this.usage = requireNonNull(usage, "usage is null");
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.workspaces = requireNonNull(workspaces, "workspaces is null");
        this.users = requireNonNull(users, "users is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    @Transactional
    public ScheduledWorkload submit(WorkloadRequest request)
    {
        requireNonNull(request, "request is null");
        FieldRules rules = FieldRules.check()
                .required("tenantId", request.tenantId())
                .required("workspaceId", request.workspaceId())
                .required("userId", request.userId())
                .required("clusterId", request.clusterId())
                .required("poolId", request.poolId())
                .required("workloadType", request.workloadType())
                .required("ownerRef", request.ownerRef())
                .maxLength("ownerRef", request.ownerRef(), MAX_TEXT)
                .required("name", request.name())
                .maxLength("name", request.name(), MAX_TEXT)
                .range("priority", (long) request.priority(), 0, WorkloadRequest.MAX_PRIORITY)
                .required("groups", request.groups());
        rules.throwIfAny();

        String tenantId = request.tenantId();
        workspaces.find(tenantId, request.workspaceId()).orElseThrow(() -> ApiException.notFound("workspace", request.workspaceId()));
        CapacityPool pool = pools.find(request.poolId())
                .filter(found -> found.tenantId().equals(tenantId))
                .orElseThrow(() -> ApiException.notFound("pool", request.poolId()));
        rules.rule(users.find(tenantId, request.userId()).isPresent(), "userId", "scheduling.user.unknown")
                .rule(pool.clusterId().equals(request.clusterId()), "clusterId", "scheduling.pool.other-cluster", pool.name())
                .rule(pool.workloadTypes().contains(request.workloadType()), "workloadType", "scheduling.pool.workload-type", pool.name(),
                        request.workloadType().name())
                .rule(pools.ofWorkspace(tenantId, request.workspaceId()).stream().anyMatch(candidate -> candidate.id().equals(pool.id())), "poolId",
                        "scheduling.pool.not-associated", pool.name());
        List<InstanceGroupRequest> groups = resolveGroups(rules, request.clusterId(), request.groups());
        rules.throwIfAny();
        if (!pool.accepts(request.workloadType())) {
            throw ApiException.conflict("scheduling.pool.stopped", pool.name());
        }

        Instant now = clock.instant();
        ScheduledWorkload workload = new ScheduledWorkload(Ids.newId("wl"), tenantId, request.workspaceId(), request.userId(), request.clusterId(),
                pool.id(), request.workloadType(), request.ownerRef(), request.name(), request.priority(), WorkloadStatus.PENDING, groups,
                request.topology(), null, List.of(), now, null, null, 0);
        workloads.insert(workload, nextSubmitSeq(now));
        usage.recordQueued(pool.id(), workload.id(), LibraryTerms.usage(workload));
        loop.trigger();
        return workload;
    }

    @Override
    public Optional<ScheduledWorkload> find(String tenantId, String workloadId)
    {
        return workloads.find(requireNonNull(tenantId, "tenantId is null"), requireNonNull(workloadId, "workloadId is null"));
    }

    @Override
    public Map<String, ScheduledWorkload> findAll(Collection<String> workloadIds)
    {
        return workloads.findAll(requireNonNull(workloadIds, "workloadIds is null"));
    }

    @Override
    public Optional<String> reasonText(ScheduledWorkload workload)
    {
        SchedulingReason reason = workload.reason();
        if (reason == null) {
            return Optional.empty();
        }
        String poolName = reason.poolId().isEmpty() ? null : pools.find(reason.poolId()).map(CapacityPool::name).orElse(null);
        return Optional.of(ReasonTexts.keyed(reason, poolName,
                id -> workloads.find(workload.tenantId(), id).map(ScheduledWorkload::name).orElse(null)));
    }

    @Override
    @Transactional
    public void release(String workloadId)
    {
        requireNonNull(workloadId, "workloadId is null");
        // The loop may admit the workload between the read and the update; read again then.
        for (int attempt = 0; attempt < RELEASE_ATTEMPTS; attempt++) {
            Optional<ScheduledWorkload> found = workloads.findById(workloadId);
            if (found.isEmpty() || found.get().status().isFinal()) {
                return;
            }
            ScheduledWorkload workload = found.get();
            if (workloads.finish(workloadId, workload.status(), WorkloadStatus.RELEASED, null, clock.instant())) {
                if (pools.find(workload.poolId()).isPresent()) {
                    usage.recordReleased(workload.poolId(), workloadId);
                }
                loop.trigger();
                return;
            }
        }
        throw new IllegalStateException("Workload " + workloadId + " kept changing while it was being released");
    }

    @Override
    @Transactional
    public void changePriority(Principal principal, String workloadId, int priority)
    {
        prioritize(principal, workloadId, priority, null);
    }

    @Override
    public void runCycle()
    {
        loop.runNow();
    }

    /** The API's priority change: {@code version}, when given, is what the admin saw. */
    @Transactional
    ScheduledWorkload prioritize(Principal principal, String workloadId, Integer priority, Long version)
    {
        ScheduledWorkload workload = require(principal, workloadId);
        FieldRules.check().range("priority", priority == null ? null : (long) priority, 0, WorkloadRequest.MAX_PRIORITY).throwIfAny();
        if (workload.status() != WorkloadStatus.PENDING) {
            throw ApiException.conflict("scheduling.priority.not-pending", workload.name());
        }
        long expected = version == null ? workload.version() : version;
        Versioned.requireUpdated(workloads.updatePriority(workloadId, expected, priority, clock.instant()), "workload", workloadId);
        loop.trigger();
        return workloads.findById(workloadId).orElseThrow();
    }

    /** For the admin pages (调度中心, 资源总览): IAM admins see their tenant's workloads. */
    ScheduledWorkload require(Principal principal, String workloadId)
    {
        requireIamAdmin(principal);
        return workloads.find(principal.tenantId(), workloadId).orElseThrow(() -> ApiException.notFound("workload", workloadId));
    }

    PageResult<ScheduledWorkload> list(Principal principal, WorkloadStatus status, String clusterId, PageRequest page)
    {
        requireIamAdmin(principal);
        if (clusterId != null) {
            clusters.require(principal, clusterId);
        }
        return workloads.list(new WorkloadRepository.Filter(principal.tenantId(), status, clusterId), page);
    }

    static void requireIamAdmin(Principal principal)
    {
        if (!requireNonNull(principal, "principal is null").isIamAdmin()) {
            throw ApiException.forbidden();
        }
    }

    /**
     * Checks every group and fixes its shape: a flavor's cores, memory, cards and model are copied, so the workload keeps
     * its shape when the flavor catalog changes.
     */
    private List<InstanceGroupRequest> resolveGroups(FieldRules rules, String clusterId, List<InstanceGroupRequest> requested)
    {
        List<InstanceGroupRequest> resolved = new ArrayList<>();
        Set<String> roles = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            InstanceGroupRequest group = requested.get(i);
            String field = "groups[" + i + "].";
            if (group == null) {
                rules.violate(field + "role", "validation.required");
                continue;
            }
            rules.required(field + "role", group.role())
                    .matches(field + "role", group.role(), ROLE, "scheduling.role.pattern")
                    .rule(group.role() == null || roles.add(group.role()), field + "role", "scheduling.role.duplicate")
                    .range(field + "count", (long) group.count(), 1, MAX_INSTANCES);
            if (group.flavorName() != null && !group.flavorName().isBlank()) {
                Optional<Flavor> flavor = clusters.flavor(clusterId, group.flavorName());
                if (flavor.isEmpty()) {
                    rules.violate(field + "flavorName", "scheduling.flavor.unknown", group.flavorName());
                    continue;
                }
                Flavor shape = flavor.get();
                Set<String> models = shape.deviceModel() == null ? Set.of() : Set.of(shape.deviceModel());
                resolved.add(new InstanceGroupRequest(group.role(), group.count(), shape.name(), shape.cpuCores() * LibraryTerms.MILLI,
                        shape.memoryGiB() * LibraryTerms.MIB_PER_GIB, shape.cards(), shape.sharedMilli(), shape.cardMemoryGiB() * LibraryTerms.MIB_PER_GIB,
                        models, group.nodeSelector(), group.tolerations()));
                continue;
            }
            rules.range(field + "cpuMilli", group.cpuMilli(), 1, MAX_CPU_MILLI)
                    .range(field + "memoryMib", group.memoryMib(), 0, MAX_MEMORY_MIB)
                    .range(field + "gpuCards", (long) group.gpuCards(), 0, MAX_CARDS_PER_INSTANCE)
                    .range(field + "sharedMilli", (long) group.sharedMilli(), 0, 999)
                    .range(field + "gpuMemoryMib", group.gpuMemoryMib(), 0, MAX_GPU_MEMORY_MIB)
                    .rule(group.gpuCards() == 0 || group.sharedMilli() == 0, field + "sharedMilli", "scheduling.gpu.whole-or-shared");
            for (String toleration : group.tolerations()) {
                rules.rule(toleration != null && !toleration.isBlank(), field + "tolerations", "validation.required");
            }
            resolved.add(group);
        }
        return resolved;
    }

    /** Epoch microseconds, bumped past the last one, so that two submits in the same instant keep their order. */
    private long nextSubmitSeq(Instant now)
    {
        lastSubmitSeq.compareAndSet(-1, workloads.maxSubmitSeq());
        long candidate = ChronoUnit.MICROS.between(Instant.EPOCH, now);
        return lastSubmitSeq.updateAndGet(last -> Math.max(last + 1, candidate));
    }
}
