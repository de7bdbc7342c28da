package io.meridian.server.resource.internal;

import io.meridian.server.iam.TenantDirectory;
import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.platform.api.NameRule;
import io.meridian.server.platform.persistence.Ids;
import io.meridian.server.platform.persistence.Versioned;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.resource.Backend;
import io.meridian.server.resource.ClusterCapacity;
import io.meridian.server.resource.ClusterDeleting;
import io.meridian.server.resource.ClusterDeletionGuard;
import io.meridian.server.resource.ClusterDirectory;
import io.meridian.server.resource.ClusterKind;
import io.meridian.server.resource.ClusterSummary;
import io.meridian.server.resource.Flavor;
import io.meridian.server.resource.NodeStatus;
import io.meridian.server.resource.PlacementPolicy;
import io.meridian.server.resource.ResourceGroupType;
import io.meridian.server.resource.SchedulingPolicy;
import io.meridian.server.resource.SharedCardModel;
import io.meridian.server.resource.SharedCardSpec;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/** Clusters (资源组): each region's shared default cluster and tenants' dedicated clusters (专属集群). */
@Service
class ClusterService
        implements ClusterDirectory
{
    static final int MAX_DESCRIPTION = 300;

    private final ClusterRepository clusters;
    private final ClusterConnectionRepository connections;
    private final NodeRepository nodes;
    private final RegionRepository regions;
    private final Catalog catalog;
    private final ClusterQuotaService quotas;
    private final TenantDirectory tenants;
    private final MessageSource messages;
    private final ObjectProvider<ClusterDeletionGuard> guards;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ClusterService(ClusterRepository clusters, ClusterConnectionRepository connections, NodeRepository nodes, RegionRepository regions, Catalog catalog, ClusterQuotaService quotas,
            TenantDirectory tenants, MessageSource messages, ObjectProvider<ClusterDeletionGuard> guards, ApplicationEventPublisher events, Clock clock)
    {
        this.guards = requireNonNull(guards, "guards is null");
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.connections = requireNonNull(connections, "connections is null");
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.regions = requireNonNull(regions, "regions is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.quotas = requireNonNull(quotas, "quotas is null");
        this.tenants = requireNonNull(tenants, "tenants is null");
        this.messages = requireNonNull(messages, "messages is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A cluster as the API shows it. */
    record ClusterView(
            String id,
            String name,
            String tenantId,
            String regionId,
            String zoneId,
            ClusterKind kind,
            ResourceGroupType groupType,
            List<NodeType> nodeTypes,
            String vendor,
            String backend,
            boolean backendAvailable,
            String backendMessage,
            ConnectionView connection,
            List<SchedulingPolicy> schedulingPolicies,
            PlacementPolicy placementPolicy,
            boolean networkTopologyAffinity,
            String description,
            ClusterStatus status,
            long nodeCount,
            long virtualNodeCount,
            long virtualCardCount,
            Instant createdAt,
            Instant updatedAt,
            long version) {}

    record NewCluster(
            String name,
            String tenantId,
            String kind,
            String regionId,
            String zoneId,
            String groupType,
            List<String> nodeTypes,
            String vendor,
            String backend,
            NewConnection connection,
            List<String> schedulingPolicies,
            String placementPolicy,
            Boolean networkTopologyAffinity,
            String description) {}

    /** A slurm cluster's connection as an administrator enters it. */
    record NewConnection(String url, String user, String token) {}

    /** A cluster's connection as the API shows it: the token stays on the server. */
    record ConnectionView(String url, String user, boolean tokenSet) {}

    /** An edit of a cluster's editable fields; an absent field keeps its value. */
    record ClusterUpdate(
            String name,
            String description,
            List<String> schedulingPolicies,
            String placementPolicy,
            Boolean networkTopologyAffinity,
            Long version) {}

    // ClusterDirectory

    @Override
    public Optional<ClusterSummary> find(Principal caller, String clusterId)
    {
        requireNonNull(caller, "caller is null");
        if (clusterId == null) {
            return Optional.empty();
        }
        return clusters.find(clusterId).filter(cluster -> ResourceAccess.isOwnOrShared(caller, cluster)).map(this::summary);
    }

    @Override
    public ClusterSummary require(Principal caller, String clusterId)
    {
        return find(caller, clusterId).orElseThrow(() -> ApiException.notFound("cluster", clusterId));
    }

    @Override
    public List<ClusterSummary> defaultClusters()
    {
        return clusters.findDefaults().stream().map(this::summary).toList();
    }

    @Override
    public Optional<ClusterSummary> findForSystem(String clusterId)
    {
        return clusters.find(clusterId).map(this::summary);
    }

    @Override
    public List<ClusterSummary> visibleClusters(Principal caller)
    {
        return clusters.findVisible(caller.tenantId()).stream().map(this::summary).toList();
    }

    @Override
    public List<Flavor> flavors(String clusterId)
    {
        return Flavors.of(nodes.specIdsInCluster(clusterId).stream().map(catalog::nodeSpec).flatMap(Optional::stream).toList());
    }

    @Override
    public Optional<Flavor> flavor(String clusterId, String flavorName)
    {
        if (SharedCardSpec.looksShared(flavorName)) {
            return SharedCards.flavor(flavorName, sharedCardModels(clusterId));
        }
        return flavors(clusterId).stream().filter(flavor -> flavor.name().equals(flavorName)).findFirst();
    }

    @Override
    public List<SharedCardModel> sharedCardModels(String clusterId)
    {
        return SharedCards.models(nodes.specIdsInCluster(clusterId).stream().map(catalog::nodeSpec).flatMap(Optional::stream).toList(),
                catalog.deviceModels());
    }

    @Override
    public boolean checkSharedCard(FieldRules rules, String field, String clusterId, String spec)
    {
        return SharedCards.check(rules, field, spec, sharedCardModels(clusterId));
    }

    @Override
    public ClusterCapacity capacity(String clusterId)
    {
        Map<String, Integer> cards = new TreeMap<>();
        int cpu = 0;
        long memory = 0;
        for (NodeRepository.NodeRecord node : nodes.inCluster(clusterId)) {
            if (node.bindingStatus() == BindingStatus.BOUND && node.status() == NodeStatus.READY) {
                cards.merge(node.deviceModel(), node.deviceCount(), Integer::sum);
                cpu += node.allocatableCpuCores();
                memory += node.allocatableMemoryGiB();
            }
        }
        return new ClusterCapacity(cards, cpu, memory);
    }

    // API

    List<ClusterView> list(Principal caller, String regionId, String kind)
    {
        return clusters.findVisible(caller.operator() ? null : caller.tenantId()).stream()
                .filter(cluster -> regionId == null || cluster.regionId().equals(regionId))
                .filter(cluster -> kind == null || cluster.kind().name().equalsIgnoreCase(kind))
                .map(this::view)
                .toList();
    }

    ClusterView get(Principal caller, String id)
    {
        return view(visible(caller, id));
    }

    @Transactional
    ClusterView create(Principal caller, NewCluster request)
    {
        FieldRules rules = FieldRules.check()
                .name("name", request.name(), NameRule.CLUSTER)
                .maxLength("description", request.description(), MAX_DESCRIPTION)
                .required("regionId", request.regionId())
                .required("groupType", request.groupType());
        ClusterKind kind = Choices.one(rules, "kind", request.kind(), ClusterKind.class, ClusterKind.DEDICATED);
        if (kind == ClusterKind.DEFAULT || (!caller.operator() && !caller.isIamAdmin())) {
            ResourceAccess.requireOperator(caller);
        }
        String tenantId = owner(caller, kind, request.tenantId(), rules);
        ResourceGroupType groupType = Choices.one(rules, "groupType", request.groupType(), ResourceGroupType.class, null);
        List<NodeType> nodeTypes = Choices.many(rules, "nodeTypes", request.nodeTypes(), NodeType.class);
        if (nodeTypes.isEmpty() && groupType != null) {
            // 002 §4.2.1.1: a standard group defaults to both node types, an extended group to physical machines only.
            nodeTypes = groupType == ResourceGroupType.STANDARD ? List.of(NodeType.PHYSICAL, NodeType.CLOUD_HOST) : List.of(NodeType.PHYSICAL);
        }
        rules.rule(groupType != ResourceGroupType.EXTENDED || nodeTypes.size() <= 1, "nodeTypes", "resource.cluster.node-types.extended-single");
        String vendor = Choices.word(rules, "vendor", request.vendor(), Vendor.ALL, kind == ClusterKind.DEFAULT ? null : Vendor.NVIDIA);
        Backend backend = Choices.one(rules, "backend", request.backend(), Backend.class, Backend.LOCAL);
        Optional<ClusterConnection> connection = ClusterConnectionRules.check(rules, backend, request.connection());
        List<SchedulingPolicy> policies = Choices.many(rules, "schedulingPolicies", request.schedulingPolicies(), SchedulingPolicy.class);
        rules.rule(groupType != ResourceGroupType.STANDARD || policies.isEmpty(), "schedulingPolicies", "resource.cluster.scheduling-policies.extended-only");
        PlacementPolicy placement = Choices.one(rules, "placementPolicy", request.placementPolicy(), PlacementPolicy.class, PlacementPolicy.BINPACK);
        boolean topologyAffinity = Boolean.TRUE.equals(request.networkTopologyAffinity());
        rules.rule(!topologyAffinity || nodeTypes.contains(NodeType.PHYSICAL), "networkTopologyAffinity", "resource.cluster.topology-affinity.physical-only");

        Optional<RegionRepository.RegionRecord> region = request.regionId() == null ? Optional.empty() : regions.find(request.regionId());
        if (request.regionId() != null && region.isEmpty()) {
            rules.violate("regionId", "resource.region.unknown");
        }
        String zoneId = null;
        if (region.isPresent()) {
            // One create per region at a time: the name, default-cluster and quota checks then see every cluster before it.
            regions.lock(region.get().id());
            List<RegionRepository.ZoneRecord> zones = regions.zones(region.get().id());
            if (request.zoneId() == null || request.zoneId().isBlank()) {
                // The spec's default: the region's first availability zone.
                zoneId = zones.isEmpty() ? null : zones.getFirst().id();
                rules.rule(zoneId != null, "zoneId", "validation.required");
            }
            else if (zones.stream().anyMatch(zone -> zone.id().equals(request.zoneId()))) {
                zoneId = request.zoneId();
            }
            else {
                // 002 §1.7: no cross-AZ resource groups; a zone of another region is not a zone of this one.
                rules.violate("zoneId", "resource.zone.not-in-region");
            }
            if (!rules.hasViolation("name") && clusters.nameTaken(tenantId, region.get().id(), request.name(), null)) {
                rules.violate("name", "resource.cluster.name.taken");
            }
        }
        rules.throwIfAny();
        if (kind == ClusterKind.DEFAULT && clusters.defaultExists(region.orElseThrow().id())) {
            throw ApiException.conflict("resource.cluster.default-exists", region.get().name());
        }
        if (kind == ClusterKind.DEDICATED) {
            quotas.requireRoom(tenantId, region.orElseThrow(), groupType);
        }

        Instant now = clock.instant();
        ClusterRepository.ClusterRecord cluster = new ClusterRepository.ClusterRecord(Ids.newId("cl"), tenantId, region.orElseThrow().id(), zoneId,
                request.name(), kind, groupType, nodeTypes, vendor, backend, policies, placement, topologyAffinity, request.description(),
                backend.available() ? ClusterStatus.RUNNING : ClusterStatus.CONFIG_FAILED, now, now, 0);
        clusters.insert(cluster);
        connection.ifPresent(value -> connections.save(cluster.id(), value, now));
        return view(clusters.find(cluster.id()).orElseThrow());
    }

    @Transactional
    ClusterView update(Principal caller, String id, ClusterUpdate request)
    {
        ClusterRepository.ClusterRecord cluster = changeable(caller, id);
        String name = request.name() == null ? cluster.name() : request.name();
        FieldRules rules = FieldRules.check()
                .name("name", name, NameRule.CLUSTER)
                .maxLength("description", request.description(), MAX_DESCRIPTION)
                .required("version", request.version());
        List<SchedulingPolicy> policies = request.schedulingPolicies() == null
                ? cluster.schedulingPolicies()
                : Choices.many(rules, "schedulingPolicies", request.schedulingPolicies(), SchedulingPolicy.class);
        rules.rule(cluster.groupType() != ResourceGroupType.STANDARD || policies.isEmpty(), "schedulingPolicies", "resource.cluster.scheduling-policies.extended-only");
        PlacementPolicy placement = Choices.one(rules, "placementPolicy", request.placementPolicy(), PlacementPolicy.class, cluster.placementPolicy());
        boolean topologyAffinity = request.networkTopologyAffinity() == null ? cluster.networkTopologyAffinity() : request.networkTopologyAffinity();
        rules.rule(!topologyAffinity || cluster.nodeTypes().contains(NodeType.PHYSICAL), "networkTopologyAffinity", "resource.cluster.topology-affinity.physical-only");
        if (!rules.hasViolation("name") && clusters.nameTaken(cluster.tenantId(), cluster.regionId(), name, cluster.id())) {
            rules.violate("name", "resource.cluster.name.taken");
        }
        rules.throwIfAny();
        String description = request.description() == null ? cluster.description() : request.description();
        ClusterRepository.ClusterRecord updated = new ClusterRepository.ClusterRecord(cluster.id(), cluster.tenantId(), cluster.regionId(), cluster.zoneId(),
                name, cluster.kind(), cluster.groupType(), cluster.nodeTypes(), cluster.vendor(), cluster.backend(), policies, placement, topologyAffinity,
                description, cluster.status(), cluster.createdAt(), clock.instant(), cluster.version());
        Versioned.requireUpdated(clusters.update(updated, request.version()), "cluster", id);
        return view(clusters.find(id).orElseThrow());
    }

    @Transactional
    ClusterView delete(Principal caller, String id)
    {
        ClusterRepository.ClusterRecord cluster = changeable(caller, id);
        long nodeCount = nodes.countInCluster(id);
        if (nodeCount > 0) {
            // 002 §4.2.1.4: every node must be unbound first.
            throw ApiException.conflict("resource.cluster.has-nodes", cluster.name(), nodeCount);
        }
        // asked lazily: the guards' features depend on this one
        for (ClusterDeletionGuard guard : guards.orderedStream().toList()) {
            Optional<ApiException> refusal = guard.refusal(cluster.id(), cluster.name());
            if (refusal.isPresent()) {
                throw refusal.get();
            }
        }
        ClusterView view = view(cluster);
        events.publishEvent(new ClusterDeleting(cluster.id(), cluster.tenantId(), cluster.name()));
        clusters.delete(id);
        return view;
    }

    /** A cluster the caller may see, else not found. */
    ClusterRepository.ClusterRecord visible(Principal caller, String id)
    {
        return clusters.find(id).filter(cluster -> ResourceAccess.canSee(caller, cluster)).orElseThrow(() -> ApiException.notFound("cluster", id));
    }

    /** A cluster the caller may change: not found when it may not see it, forbidden when it may only see it. */
    ClusterRepository.ClusterRecord changeable(Principal caller, String id)
    {
        ClusterRepository.ClusterRecord cluster = visible(caller, id);
        if (!ResourceAccess.canChange(caller, cluster)) {
            throw ApiException.forbidden();
        }
        return cluster;
    }

    ClusterView view(ClusterRepository.ClusterRecord cluster)
    {
        // virtual: the embedded default's nodes and cards are declared, the host has no such devices
        NodeRepository.NodeCounts counts = nodes.countsInCluster(cluster.id());
        return new ClusterView(cluster.id(), cluster.name(), cluster.tenantId(), cluster.regionId(), cluster.zoneId(), cluster.kind(), cluster.groupType(),
                cluster.nodeTypes(), cluster.vendor(), cluster.backend().id(), cluster.backend().available(), backendMessage(cluster.backend()),
                connections.view(cluster.id()).orElse(null),
                cluster.schedulingPolicies(), cluster.placementPolicy(), cluster.networkTopologyAffinity(), cluster.description(), cluster.status(),
                counts.nodes(), counts.virtualNodes(), counts.virtualCards(), cluster.createdAt(), cluster.updatedAt(), cluster.version());
    }

    String backendMessage(Backend backend)
    {
        if (backend.available()) {
            return null;
        }
        return messages.getMessage("resource.backend.unavailable", new Object[] {backend.id()}, LocaleContextHolder.getLocale());
    }

    private ClusterSummary summary(ClusterRepository.ClusterRecord cluster)
    {
        return new ClusterSummary(cluster.id(), cluster.tenantId(), cluster.regionId(), cluster.zoneId(), cluster.name(), cluster.kind(),
                cluster.groupType(), cluster.backend(), cluster.backend().available(), backendMessage(cluster.backend()),
                cluster.placementPolicy(), Set.copyOf(cluster.schedulingPolicies()), cluster.networkTopologyAffinity());
    }

    /** The owning tenant: none for a default cluster; the caller's own unless the operator names another. */
    private String owner(Principal caller, ClusterKind kind, String requestedTenantId, FieldRules rules)
    {
        if (kind == ClusterKind.DEFAULT) {
            rules.rule(requestedTenantId == null || requestedTenantId.isBlank(), "tenantId", "resource.cluster.default.no-tenant");
            return null;
        }
        if (requestedTenantId == null || requestedTenantId.isBlank() || requestedTenantId.equals(caller.tenantId())) {
            return caller.tenantId();
        }
        if (!caller.operator()) {
            throw ApiException.forbidden();
        }
        if (tenants.find(requestedTenantId).isEmpty()) {
            rules.violate("tenantId", "resource.tenant.unknown");
        }
        return requestedTenantId;
    }
}
