package io.meridian.server.scheduling.internal;

import io.meridian.server.iam.UserDirectory;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.quota.CapacityPool;
import io.meridian.server.quota.CapacityPools;
import io.meridian.server.quota.Resources;
import io.meridian.server.quota.WorkloadType;
import io.meridian.server.scheduling.InstanceGroupRequest;
import io.meridian.server.scheduling.Placement;
import io.meridian.server.scheduling.ScheduledWorkload;
import io.meridian.server.scheduling.SchedulingReason;
import io.meridian.server.scheduling.TopologyPreference;
import io.meridian.server.scheduling.WorkloadStatus;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/** The API's form of workloads: pool and user names, totals, waiting time, and the reason in the caller's language. */
@Component
class WorkloadViews
{
    record ReasonView(String code, String message, String poolId, String resource, long requested, long available, int position, String blockedBy,
            String blockedByName, String detail) {}

    record WorkloadView(
            String id,
            String name,
            String ownerRef,
            String workspaceId,
            String userId,
            String username,
            String clusterId,
            String poolId,
            String poolName,
            String poolKind,
            WorkloadType workloadType,
            int priority,
            WorkloadStatus status,
            int cards,
            int cpuCores,
            long memoryGiB,
            Instant submittedAt,
            Instant admittedAt,
            Instant finishedAt,
            long waitSeconds,
            Integer position,
            ReasonView reason,
            List<InstanceGroupRequest> groups,
            TopologyPreference topology,
            List<Placement> placements,
            long version) {}

    private final WorkloadRepository workloads;
    private final CapacityPools pools;
    private final UserDirectory users;
    private final ReasonTexts texts;
    private final Clock clock;

    WorkloadViews(WorkloadRepository workloads, CapacityPools pools, UserDirectory users, ReasonTexts texts, Clock clock)
    {
        this.workloads = requireNonNull(workloads, "workloads is null");
        this.pools = requireNonNull(pools, "pools is null");
        this.users = requireNonNull(users, "users is null");
        this.texts = requireNonNull(texts, "texts is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    WorkloadView view(ScheduledWorkload workload)
    {
        return page(PageResult.slice(List.of(workload), PageRequest.all())).items().getFirst();
    }

    PageResult<WorkloadView> page(PageResult<ScheduledWorkload> page)
    {
        // One lookup per pool, user and blocking workload on the page, not per row.
        Map<String, Optional<CapacityPool>> poolsById = new HashMap<>();
        Map<String, String> usernames = new HashMap<>();
        page.items().stream().map(ScheduledWorkload::tenantId).distinct().forEach(tenantId -> users.findAll(tenantId,
                        page.items().stream().filter(workload -> workload.tenantId().equals(tenantId)).map(ScheduledWorkload::userId).distinct().toList())
                .forEach(user -> usernames.put(user.id(), user.username())));
        Map<String, String> workloadNames = new HashMap<>();
        Instant now = clock.instant();
        return page.map(workload -> {
            Optional<CapacityPool> pool = poolsById.computeIfAbsent(workload.poolId(), pools::find);
            return new WorkloadView(workload.id(), workload.name(), workload.ownerRef(), workload.workspaceId(), workload.userId(),
                    usernames.get(workload.userId()), workload.clusterId(), workload.poolId(), pool.map(CapacityPool::name).orElse(null),
                    pool.map(found -> found.kind().name()).orElse(null), workload.workloadType(), workload.priority(), workload.status(),
                    totals(workload).cards(), totals(workload).cpuCores(), totals(workload).memoryGiB(), workload.submittedAt(), workload.admittedAt(),
                    workload.finishedAt(), waitSeconds(workload, now),
                    workload.status() == WorkloadStatus.PENDING && workload.reason() != null ? workload.reason().position() : null,
                    reason(workload, poolsById, workloadNames), workload.groups(), workload.topology(), workload.placements(), workload.version());
        });
    }

    private ReasonView reason(ScheduledWorkload workload, Map<String, Optional<CapacityPool>> poolsById, Map<String, String> workloadNames)
    {
        SchedulingReason reason = workload.reason();
        if (reason == null) {
            return null;
        }
        String poolName = reason.poolId().isEmpty() ? null
                : poolsById.computeIfAbsent(reason.poolId(), pools::find).map(CapacityPool::name).orElse(null);
        Function<String, String> workloadName = id -> workloadNames.computeIfAbsent(id,
                ignored -> workloads.find(workload.tenantId(), id).map(ScheduledWorkload::name).orElse(null));
        String blockedByName = reason.blockedBy().isEmpty() ? null : workloadName.apply(reason.blockedBy());
        String message = texts.text(reason, poolName, workloadName, LocaleContextHolder.getLocale());
        return new ReasonView(reason.code().name(), message, reason.poolId(), reason.resource(), reason.requested(), reason.available(), reason.position(),
                reason.blockedBy(), blockedByName, reason.detail());
    }

    private static Resources totals(ScheduledWorkload workload)
    {
        return LibraryTerms.usage(workload);
    }

    /** Waiting time: until now while pending, until admission or the end otherwise. */
    private static long waitSeconds(ScheduledWorkload workload, Instant now)
    {
        Instant until = switch (workload.status()) {
            case PENDING -> now;
            case ADMITTED -> workload.admittedAt();
            default -> workload.admittedAt() != null ? workload.admittedAt() : workload.finishedAt();
        };
        return Math.max(0, Duration.between(workload.submittedAt(), until == null ? now : until).toSeconds());
    }
}
