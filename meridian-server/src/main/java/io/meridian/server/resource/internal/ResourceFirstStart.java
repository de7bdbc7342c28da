package io.meridian.server.resource.internal;

import io.meridian.server.platform.bootstrap.FirstStartStep;
import io.meridian.server.platform.i18n.InstallationLanguage;
import io.meridian.server.platform.persistence.Ids;
import io.meridian.server.resource.Backend;
import io.meridian.server.resource.ClusterKind;
import io.meridian.server.resource.PlacementPolicy;
import io.meridian.server.resource.ResourceGroupType;
import io.meridian.server.resource.SchedulingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The embedded default's resources: region {@code local} with zone {@code local-a}, its shared default cluster on the
 * local backend, and virtual nodes (declared devices, no hardware detection) spread over two leaf switches.
 */
@Component
class ResourceFirstStart
        implements FirstStartStep
{
    static final String REGION = "local";
    static final String ZONE = "local-a";
    static final String CLUSTER = "default";
    static final List<String> LEAF_SWITCHES = List.of("leaf-1", "leaf-2");
    private static final Logger log = LoggerFactory.getLogger(ResourceFirstStart.class);

    private final RegionService regions;
    private final ClusterRepository clusters;
    private final NodeService nodes;
    private final Catalog catalog;
    private final EmbeddedProperties properties;
    private final Clock clock;

    private final InstallationLanguage language;

    ResourceFirstStart(RegionService regions, ClusterRepository clusters, NodeService nodes, Catalog catalog, EmbeddedProperties properties, InstallationLanguage language,
            Clock clock)
    {
        this.language = requireNonNull(language, "language is null");
        this.regions = requireNonNull(regions, "regions is null");
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.properties = requireNonNull(properties, "properties is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public String name()
    {
        return "resource.local-region-cluster-nodes";
    }

    @Override
    public int order()
    {
        return 200;
    }

    @Override
    public void run()
    {
        RegionService.RegionView region = regions.insert(new RegionService.NewRegion(REGION, language.text("resource.first-start.region-name"),
                language.text("resource.first-start.region"), List.of(ZONE)));
        Instant now = clock.instant();
        // Vendor null: the shared default cluster mixes NVIDIA and Ascend nodes; dedicated clusters take one vendor.
        ClusterRepository.ClusterRecord cluster = new ClusterRepository.ClusterRecord(Ids.newId("cl"), null, region.id(), region.zones().getFirst().id(),
                CLUSTER, ClusterKind.DEFAULT, ResourceGroupType.EXTENDED, List.of(NodeType.PHYSICAL), null, Backend.LOCAL,
                List.of(SchedulingPolicy.DRF, SchedulingPolicy.GANG), PlacementPolicy.BINPACK, true,
                language.text("resource.first-start.cluster"), ClusterStatus.RUNNING, now, now, 0);
        clusters.insert(cluster);
        int created = 0;
        for (EmbeddedProperties.NodeGroup group : properties.nodes()) {
            Catalog.NodeSpec spec = catalog.nodeSpec(group.spec())
                    .orElseThrow(() -> new IllegalStateException("meridian.embedded.nodes: unknown node specification " + group.spec()));
            int perSwitch = (group.count() + 1) / 2;
            for (int i = 0; i < group.count(); i++) {
                nodes.insertEmbedded(cluster, group.namePrefix() + (i + 1), spec, LEAF_SWITCHES.get(i < perSwitch ? 0 : 1));
                created++;
            }
        }
        log.info("Embedded default: region '{}' (zone '{}'), default cluster '{}' with {} virtual nodes", REGION, ZONE, CLUSTER, created);
    }
}
