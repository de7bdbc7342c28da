package io.meridian.server.runtime;

import io.meridian.executor.EnvRules;
import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.quota.CapacityPool;
import io.meridian.server.quota.CapacityPools;
import io.meridian.server.quota.PoolKind;
import io.meridian.server.quota.Resources;
import io.meridian.server.quota.WorkloadType;
import io.meridian.server.resource.ClusterCapacity;
import io.meridian.server.resource.ClusterDirectory;
import io.meridian.server.resource.Flavor;
import io.meridian.server.resource.SharedCardSpec;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The checks every form that starts work shares (a training task, a job…), with the same field names and messages
 * ({@code runtime.*}): where it runs (a queue or quota of the workspace, its cluster and flavors), its image and the
 * user's environment variables. Each records what is wrong in the caller's {@link FieldRules}, so a form answers every
 * problem at once.
 */
@Component
public class GangForms
{
    public static final int MAX_ENV = 50;
    public static final int MAX_COMMAND = 10_000;
    // A container image reference: [registry[:port]/]path[:tag][@digest], path components in lowercase as Docker requires
    private static final Pattern IMAGE = Pattern.compile(
            "(?:[A-Za-z0-9][A-Za-z0-9.-]*(?::[0-9]+)?/)?[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*"
                    + "(?::[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(?:@sha256:[a-f0-9]{64})?");

    private final CapacityPools pools;
    private final ClusterDirectory clusters;

    GangForms(CapacityPools pools, ClusterDirectory clusters)
    {
        this.pools = requireNonNull(pools, "pools is null");
        this.clusters = requireNonNull(clusters, "clusters is null");
    }

    /**
     * The queue or quota {@code poolId} of the workspace, if it takes {@code type} work on a cluster this server can drive
     * (and on {@code clusterId} when one is named); empty with the reason recorded otherwise.
     */
    public Optional<CapacityPool> pool(FieldRules rules, Principal caller, String workspaceId, String poolId, String clusterId, WorkloadType type)
    {
        if (poolId == null || poolId.isBlank()) {
            return Optional.empty();
        }
        Optional<CapacityPool> pool = pools.ofWorkspace(caller.tenantId(), workspaceId).stream()
                .filter(candidate -> candidate.id().equals(poolId))
                .findFirst();
        if (pool.isEmpty()) {
            rules.violate("poolId", "runtime.pool.unknown", poolId);
        }
        else if (!pool.get().accepts(type)) {
            rules.violate("poolId", "runtime.pool.unavailable", pool.get().name(), type.name());
        }
        else if (clusterId != null && !clusterId.isBlank() && !clusterId.equals(pool.get().clusterId())) {
            rules.violate("clusterId", "runtime.cluster.mismatch", pool.get().name());
        }
        else if (!clusters.findForSystem(pool.get().clusterId()).map(cluster -> cluster.backend().available()).orElse(true)) {
            // a cluster that is described but whose backend this server cannot drive (kubernetes, for now)
            rules.violate("poolId", "runtime.cluster.backend-unavailable", pool.get().name());
        }
        else {
            return pool;
        }
        return Optional.empty();
    }

    /**
     * A flavor field names a flavor of the pool's cluster, or a shared-card spec string it can host (自定义分配, 001-A §5.9,
     * each broken rule named), and the pool's own flavor if it has one. Empty is for the caller to judge.
     */
    public void flavor(FieldRules rules, String field, String flavorName, CapacityPool pool)
    {
        if (flavorName == null || flavorName.isBlank()) {
            return;
        }
        if (SharedCardSpec.looksShared(flavorName) && !clusters.checkSharedCard(rules, field, pool.clusterId(), flavorName)) {
            return;
        }
        if (clusters.flavor(pool.clusterId(), flavorName).isEmpty()) {
            rules.violate(field, "runtime.flavor.unknown", flavorName);
        }
        else if (pool.flavorName() != null && !pool.flavorName().equals(flavorName)) {
            rules.violate(field, "runtime.flavor.pool", pool.name(), pool.flavorName());
        }
    }

    /**
     * Work that can never fit the pool is refused now, with the numbers, instead of being queued and ending ABNORMAL with
     * the scheduler's {@code LARGER_THAN_POOL}: more instances than a quota or queue of one flavor holds, or more cards,
     * CPU cores or memory than its capacity (a default queue's is its whole cluster; a quota that borrows idle capacity
     * may grow to its cluster's). Work that fits but must wait for others is accepted and waits with the scheduler's
     * reason. Flavors that are unknown were refused by {@link #flavor}; they count for nothing here.
     *
     * @param instancesByFlavor how many instances of each flavor the work starts together
     * @param field the form field that sets the instance count
     */
    public void fits(FieldRules rules, String field, CapacityPool pool, Map<String, Integer> instancesByFlavor)
    {
        int instances = instancesByFlavor.values().stream().mapToInt(Integer::intValue).sum();
        // the pool's kind as a choice argument of the messages: 0 queue (队列), 1 resource quota (资源配额)
        int kind = pool.kind() == PoolKind.QUEUE ? 0 : 1;
        if (pool.flavorName() != null && !pool.isDefault() && !pool.borrowIdle() && instancesByFlavor.keySet().equals(Set.of(pool.flavorName()))) {
            if (instances > pool.instanceCount()) {
                rules.violate(field, "runtime.pool.too-small.instances", instances, kind, pool.name(), pool.instanceCount());
            }
            return;
        }
        Resources demand = Resources.NONE;
        for (Map.Entry<String, Integer> entry : instancesByFlavor.entrySet()) {
            Optional<Flavor> flavor = clusters.flavor(pool.clusterId(), entry.getKey());
            if (flavor.isPresent()) {
                demand = demand.plus(new Resources(flavor.get().cards(), flavor.get().cpuCores(), flavor.get().memoryGiB()).times(entry.getValue()));
            }
        }
        Resources ceiling = pool.capacity();
        if (pool.kind() == PoolKind.QUOTA && pool.borrowIdle()) {
            ClusterCapacity cluster = clusters.capacity(pool.clusterId());
            ceiling = new Resources(cluster.cards(), cluster.cpuCores(), cluster.memoryGiB());
        }
        if (demand.cards() > ceiling.cards()) {
            rules.violate(field, "runtime.pool.too-small.cards", demand.cards(), instances, kind, pool.name(), ceiling.cards());
        }
        else if (demand.cpuCores() > ceiling.cpuCores()) {
            rules.violate(field, "runtime.pool.too-small.cpu", demand.cpuCores(), instances, kind, pool.name(), ceiling.cpuCores());
        }
        else if (demand.memoryGiB() > ceiling.memoryGiB()) {
            rules.violate(field, "runtime.pool.too-small.memory", demand.memoryGiB(), instances, kind, pool.name(), ceiling.memoryGiB());
        }
    }

    /** An image reference, if given ({@code registry/path:tag}). */
    public static void image(FieldRules rules, String image)
    {
        if (image != null && !image.isBlank() && (image.length() > 255 || !IMAGE.matcher(image).matches())) {
            rules.violate("image", "runtime.image.invalid");
        }
    }

    /**
     * The user's variables: at most {@link #MAX_ENV}, each named once, none that would run code before the program or
     * that the platform sets (the executor refuses them again at launch; here the user learns which field and why).
     */
    public static List<EnvVar> env(FieldRules rules, List<EnvVar> env)
    {
        if (env == null) {
            return List.of();
        }
        if (env.size() > MAX_ENV) {
            rules.violate("env", "runtime.env.too-many", MAX_ENV);
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < env.size(); i++) {
            EnvVar variable = env.get(i);
            String field = "env[" + i + "]";
            if (variable == null || variable.name() == null || !EnvRules.NAME.matcher(variable.name()).matches()) {
                rules.violate(field + ".name", "runtime.env.name");
            }
            else if (!names.add(variable.name())) {
                rules.violate(field + ".name", "runtime.env.duplicate", variable.name());
            }
            else {
                EnvRules.checkUserVariable(variable.name(), variable.value()).ifPresent(violation -> {
                    switch (violation) {
                        case INVALID_NAME -> rules.violate(field + ".name", "runtime.env.name");
                        case RESERVED -> rules.violate(field + ".name", "runtime.env.reserved", variable.name());
                        case PLATFORM_OWNED -> rules.violate(field + ".name", "runtime.env.platform", variable.name());
                        case NUL_IN_VALUE -> rules.violate(field + ".value", "runtime.env.nul", variable.name());
                    }
                });
            }
        }
        return List.copyOf(env);
    }
}
