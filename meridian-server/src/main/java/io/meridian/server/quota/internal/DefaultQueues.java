package io.meridian.server.quota.internal;

import io.meridian.server.iam.TenantCreated;
import io.meridian.server.iam.TenantDirectory;
import io.meridian.server.iam.TenantSummary;
import io.meridian.server.platform.bootstrap.FirstStartStep;
import io.meridian.server.platform.i18n.InstallationLanguage;
import io.meridian.server.platform.persistence.Ids;
import io.meridian.server.quota.PoolKind;
import io.meridian.server.quota.PoolStatus;
import io.meridian.server.quota.WorkloadType;
import io.meridian.server.quota.internal.PoolRepository.PoolRole;
import io.meridian.server.quota.internal.PoolRepository.PoolUser;
import io.meridian.server.resource.ClusterDirectory;
import io.meridian.server.resource.ClusterRegistered;
import io.meridian.server.resource.ClusterSummary;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Every tenant has a default queue on each shared default cluster (001-B §4.4 附表 "默认集群有默认队列"): made when the
 * tenant is created, and on first start for tenants that existed before the default cluster (the first tenant). A default
 * queue has no flavor of its own: it uses the whole default cluster, shared on demand with the other tenants' default
 * queues, and it belongs to the tenant's default workspace.
 */
@Component
class DefaultQueues
        implements FirstStartStep
{
    static final String NAME = "default";

    private final PoolRepository pools;
    private final ClusterDirectory clusters;
    private final TenantDirectory tenants;
    private final Clock clock;

    private final InstallationLanguage language;

    DefaultQueues(PoolRepository pools, ClusterDirectory clusters, TenantDirectory tenants, InstallationLanguage language, Clock clock)
    {
        this.language = requireNonNull(language, "language is null");
        this.pools = requireNonNull(pools, "pools is null");
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @EventListener
    void on(TenantCreated event)
    {
        ensure(event.tenantId(), event.mainUserId());
    }

    @Override
    public String name()
    {
        return "quota.default-queues";
    }

    @Override
    public int order()
    {
        return 400;
    }

    @Override
    public void run()
    {
        for (TenantSummary tenant : tenants.all()) {
            ensure(tenant.id(), tenant.mainUserId());
        }
    }

    /**
     * A cluster the server registered from its configuration (the Slurm of {@code MERIDIAN_SLURM_URL}) is ready to use
     * like the default cluster: its tenant gets a default queue on it, in the default workspace.
     */
    @EventListener
    void on(ClusterRegistered event)
    {
        String adminUserId = tenants.all().stream().filter(tenant -> tenant.id().equals(event.tenantId())).findFirst().map(TenantSummary::mainUserId).orElse(null);
        ensureQueue(event.tenantId(), adminUserId, event.clusterId(), event.name());
    }

    private void ensure(String tenantId, String adminUserId)
    {
        for (ClusterSummary cluster : clusters.defaultClusters()) {
            ensureQueue(tenantId, adminUserId, cluster.id(), cluster.name());
        }
    }

    private void ensureQueue(String tenantId, String adminUserId, String clusterId, String clusterName)
    {
        if (pools.defaultQueue(tenantId, clusterId).isPresent()) {
            return;
        }
        Instant now = clock.instant();
        String description = language.text("quota.first-start.default-queue", clusterName);
        PoolRecord queue = new PoolRecord(Ids.newId("q"), tenantId, PoolKind.QUEUE, clusterId, NAME, description,
                Arrays.asList(WorkloadType.values()), Shape.NONE, 0, null, false, false, null, PoolStatus.RUNNING, true, adminUserId, now, now, 0);
        pools.insert(queue);
        if (adminUserId != null) {
            pools.replaceUsers(tenantId, queue.id(), List.of(new PoolUser(adminUserId, PoolRole.ADMIN)), now);
        }
    }
}
