package io.meridian.server.resource.internal;

import io.meridian.executor.slurm.SlurmConnection;
import io.meridian.server.iam.TenantDirectory;
import io.meridian.server.iam.TenantSummary;
import io.meridian.server.platform.persistence.Ids;
import io.meridian.server.resource.Backend;
import io.meridian.server.resource.ClusterKind;
import io.meridian.server.resource.ClusterRegistered;
import io.meridian.server.resource.PlacementPolicy;
import io.meridian.server.resource.ResourceGroupType;
import io.meridian.server.resource.SchedulingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code eval "$(bin/slurm-local up)"; bin/meridian-server}: when {@code MERIDIAN_SLURM_URL} and
 * {@code MERIDIAN_SLURM_TOKEN} are set ({@code meridian.slurm.url}, {@code .token}; {@code .user} defaults to the
 * server's own user), every start makes sure that region {@code local} has a cluster named {@code slurm} on the slurm
 * backend with that connection: created on the first start (dedicated to the first tenant, {@code default}), its
 * connection refreshed on later ones (a new {@code slurm-local up} prints a new token), never a second cluster.
 * Runs after the first-start steps, which create the region and the tenant.
 */
@Component
@Order(10)
class SlurmRegistration
        implements ApplicationRunner
{
    static final String CLUSTER = "slurm";
    static final String TENANT = "default";
    private static final Logger log = LoggerFactory.getLogger(SlurmRegistration.class);

    private final Optional<ClusterConnection> connection;
    private final ClusterRepository clusters;
    private final ClusterConnectionRepository connections;
    private final RegionRepository regions;
    private final TenantDirectory tenants;
    private final SlurmNodeSync sync;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SlurmRegistration(@Value("${meridian.slurm.url:}") String url, @Value("${meridian.slurm.user:}") String user, @Value("${meridian.slurm.token:}") String token,
            ClusterRepository clusters, ClusterConnectionRepository connections, RegionRepository regions, TenantDirectory tenants, SlurmNodeSync sync,
            TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock)
    {
        this.events = requireNonNull(events, "events is null");
        this.connection = connection(url, user, token);
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.connections = requireNonNull(connections, "connections is null");
        this.regions = requireNonNull(regions, "regions is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.sync = requireNonNull(sync, "sync is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The configured connection, none when URL or token is unset; a wrong one stops the start with what is wrong. */
    private static Optional<ClusterConnection> connection(String url, String user, String token)
    {
        if (url == null || url.isBlank() || token == null || token.isBlank()) {
            return Optional.empty();
        }
        String name = user == null || user.isBlank() ? System.getProperty("user.name") : user;
        ClusterConnectionRules.url(url).ifPresent(problem -> {
            throw new IllegalStateException("MERIDIAN_SLURM_URL (meridian.slurm.url) must be slurmrestd's http:// or https:// URL: " + url);
        });
        try {
            // the executor's own checks: a plain user name, a token of printable characters
            SlurmConnection checked = SlurmConnection.of(url, name, token.strip());
            return Optional.of(new ClusterConnection(checked.url().toString(), checked.user(), checked.token()));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalStateException("MERIDIAN_SLURM_* (meridian.slurm.*): " + e.getMessage(), e);
        }
    }

    @Override
    public void run(ApplicationArguments arguments)
    {
        if (connection.isEmpty()) {
            return;
        }
        Optional<ClusterRepository.ClusterRecord> cluster = transactions.execute(status -> register(connection.get()));
        cluster.ifPresent(registered -> {
            try {
                sync.sync(registered);
            }
            catch (RuntimeException e) {
                // the periodic pass tries again; the server starts either way
                log.error("Cannot read the nodes of Slurm cluster '{}' at {} yet: {}", CLUSTER, connection.get().url(), e.getMessage());
            }
        });
    }

    private Optional<ClusterRepository.ClusterRecord> register(ClusterConnection connection)
    {
        Optional<RegionRepository.RegionRecord> region = regions.findByName(ResourceFirstStart.REGION);
        if (region.isEmpty()) {
            log.warn("MERIDIAN_SLURM_URL is set, but region '{}' does not exist: no Slurm cluster registered", ResourceFirstStart.REGION);
            return Optional.empty();
        }
        // one registration per region at a time, as the cluster API does
        regions.lock(region.get().id());
        Instant now = clock.instant();
        List<ClusterRepository.ClusterRecord> named = clusters.findInRegionByName(region.get().id(), CLUSTER);
        if (!named.isEmpty()) {
            ClusterRepository.ClusterRecord existing = named.getFirst();
            if (existing.backend() != Backend.SLURM) {
                log.warn("Region '{}' has a cluster named '{}' on the {} backend: the Slurm at {} is not registered", ResourceFirstStart.REGION, CLUSTER,
                        existing.backend().id(), connection.url());
                return Optional.empty();
            }
            connections.save(existing.id(), connection, now);
            log.info("Slurm cluster '{}' at {} (user {}): connection refreshed", CLUSTER, connection.url(), connection.user());
            // again on every start: what the listeners set up is idempotent, and a cluster registered before they existed gets it too
            events.publishEvent(new ClusterRegistered(existing.id(), existing.tenantId(), existing.name()));
            return Optional.of(existing);
        }
        Optional<TenantSummary> owner = tenants.all().stream().filter(tenant -> tenant.name().equals(TENANT)).findFirst();
        if (owner.isEmpty()) {
            log.warn("MERIDIAN_SLURM_URL is set, but tenant '{}' does not exist: no Slurm cluster registered", TENANT);
            return Optional.empty();
        }
        List<RegionRepository.ZoneRecord> zones = regions.zones(region.get().id());
        if (zones.isEmpty()) {
            log.warn("MERIDIAN_SLURM_URL is set, but region '{}' has no zone: no Slurm cluster registered", ResourceFirstStart.REGION);
            return Optional.empty();
        }
        ClusterRepository.ClusterRecord cluster = new ClusterRepository.ClusterRecord(Ids.newId("cl"), owner.get().id(), region.get().id(),
                zones.getFirst().id(), CLUSTER, ClusterKind.DEDICATED, ResourceGroupType.EXTENDED, List.of(NodeType.PHYSICAL), Vendor.NVIDIA, Backend.SLURM,
                List.of(SchedulingPolicy.DRF, SchedulingPolicy.GANG), PlacementPolicy.BINPACK, false,
                "The Slurm cluster of MERIDIAN_SLURM_URL, registered on start", ClusterStatus.RUNNING, now, now, 0);
        clusters.insert(cluster);
        connections.save(cluster.id(), connection, now);
        events.publishEvent(new ClusterRegistered(cluster.id(), cluster.tenantId(), cluster.name()));
        log.info("Registered Slurm cluster '{}' at {} (user {}) in region '{}'", CLUSTER, connection.url(), connection.user(), ResourceFirstStart.REGION);
        return Optional.of(cluster);
    }
}
