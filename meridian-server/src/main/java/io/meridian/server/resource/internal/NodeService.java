package io.meridian.server.resource.internal;

import io.meridian.server.platform.api.ApiException;
import io.meridian.server.platform.api.FieldRules;
import io.meridian.server.platform.api.NameRule;
import io.meridian.server.platform.api.PageRequest;
import io.meridian.server.platform.api.PageResult;
import io.meridian.server.platform.persistence.Ids;
import io.meridian.server.platform.persistence.Versioned;
import io.meridian.server.platform.security.Principal;
import io.meridian.server.resource.NodeInventory;
import io.meridian.server.resource.NodeStatus;
import io.meridian.server.resource.NodeSummary;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Nodes (002 §4.2.2) and the operations on them, each with exactly the spec's preconditions. On the local backend a
 * node's devices are declared, not detected: every node says so ({@code virtualDevices}).
 */
@Service
class NodeService
        implements NodeInventory
{
    static final int MAX_BATCH = 50;
    private static final Set<BindingStatus> UNBINDABLE = Set.of(BindingStatus.BOUND, BindingStatus.BIND_FAILED, BindingStatus.UNBIND_FAILED);

    private final NodeRepository nodes;
    private final ClusterRepository clusters;
    private final ClusterService clusterService;
    private final Catalog catalog;
    private final MessageSource messages;
    // each node of a batch in a savepoint of the request's transaction: one node's refusal rolls back that node alone
    private final TransactionTemplate eachNode;
    private final Clock clock;

    NodeService(NodeRepository nodes, ClusterRepository clusters, ClusterService clusterService, Catalog catalog, MessageSource messages,
            TransactionTemplate transactions, Clock clock)
    {
        this.nodes = requireNonNull(nodes, "nodes is null");
        this.clusters = requireNonNull(clusters, "clusters is null");
        this.clusterService = requireNonNull(clusterService, "clusterService is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.messages = requireNonNull(messages, "messages is null");
        this.eachNode = new TransactionTemplate(requireNonNull(transactions, "transactions is null").getTransactionManager());
        this.eachNode.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = requireNonNull(clock, "clock is null");
    }

    record NodeQuery(String tenantId, String clusterId, String name, String bindingStatus, String source, String status) {}

    /** New nodes in a cluster (新增节点), one per name. */
    record NewNodes(String clusterId, String specId, List<String> names, String leafSwitch, Map<String, String> labels, List<String> taints) {}

    /** A machine Meridian does not manage yet, to be adopted. */
    record Machine(String name, String specId, String leafSwitch, Map<String, String> labels) {}

    /** 纳管节点: unbound nodes Meridian knows ({@code nodeIds}) and machines it does not know yet ({@code machines}). */
    record Adoption(String clusterId, List<String> nodeIds, List<Machine> machines) {}

    /** The nodes an operation created or bound, and the cluster they are in. */
    record NodesAnswer(String clusterId, String clusterName, List<NodeRepository.NodeRecord> items) {}

    record BindRequest(String clusterId, Long version) {}

    record VersionRequest(Long version) {}

    record LabelsRequest(Map<String, String> labels, Long version) {}

    record TaintsRequest(List<String> taints, Long version) {}

    enum BatchAction
    {
        BIND, UNBIND, CORDON, UNCORDON, REMOVE
    }

    record BatchRequest(String action, List<String> nodeIds, String clusterId) {}

    /** One node's outcome in a batch: the problem code and message when it failed. */
    record BatchResult(String nodeId, String name, boolean success, String code, String message) {}

    record BatchAnswer(BatchAction action, int succeeded, int failed, List<BatchResult> results) {}

    // NodeInventory

    @Override
    public List<NodeSummary> schedulableNodes(String clusterId)
    {
        return boundNodes(clusterId).stream()
                .filter(node -> node.status() == NodeStatus.READY)
                .toList();
    }

    @Override
    public List<NodeSummary> boundNodes(String clusterId)
    {
        Map<String, Integer> cardMemory = new HashMap<>();
        catalog.deviceModels().forEach(model -> cardMemory.put(model.model(), model.memoryGiB()));
        return nodes.inCluster(clusterId).stream()
                .filter(node -> node.bindingStatus() == BindingStatus.BOUND)
                .map(node -> new NodeSummary(node.id(), node.name(), node.clusterId(), node.zoneId(), node.leafSwitch(), node.deviceModel(),
                        node.vendor(), node.deviceCount(), node.allocatableCpuCores(), node.allocatableMemoryGiB(), node.labels(), node.taints(), node.status(),
                        node.virtualDevices(), cardMemory.getOrDefault(node.deviceModel(), 0)))
                .toList();
    }

    /** A node agent's report (001-A §6.8): alive, and healthy unless {@code problem} names a fault such as a NIC link down. */
    record HeartbeatRequest(Boolean healthy, String problem) {}

    /**
     * Records a node agent's heartbeat. Only operators (agents sign with an operator's access key) report on nodes. A
     * report of a problem takes the node out of scheduling as NOT_READY with the problem as its reason; a healthy report
     * brings a NOT_READY node back. Once an agent reports on a node, silence longer than the grace period is a fault too.
     */
    NodeRepository.NodeRecord heartbeat(Principal caller, String id, HeartbeatRequest request)
    {
        ResourceAccess.requireOperator(caller);
        NodeRepository.NodeRecord node = nodes.find(id).orElseThrow(() -> ApiException.notFound("node", id));
        boolean healthy = request == null || !Boolean.FALSE.equals(request.healthy());
        String problem = null;
        if (!healthy) {
            String text = request.problem() == null ? "" : request.problem().strip();
            FieldRules rules = new FieldRules();
            rules.maxLength("problem", text, 500);
            rules.throwIfAny();
            problem = "the node agent reports a fault: " + (text.isEmpty() ? "unhealthy" : text);
        }
        nodes.heartbeat(node.id(), clock.instant(), problem);
        return nodes.find(id).orElseThrow();
    }

    /** The agent stops reporting on the node on purpose (taken out of agent management): silence is no longer a fault. */
    NodeRepository.NodeRecord withdrawHeartbeat(Principal caller, String id)
    {
        ResourceAccess.requireOperator(caller);
        NodeRepository.NodeRecord node = nodes.find(id).orElseThrow(() -> ApiException.notFound("node", id));
        nodes.withdrawHeartbeat(node.id());
        return nodes.find(id).orElseThrow();
    }

    /** Marks NOT_READY every READY node whose agent has been silent for longer than {@code grace}; the nodes marked. */
    List<String> markSilentNodes(Duration grace)
    {
        Instant now = clock.instant();
        List<String> marked = new ArrayList<>();
        for (NodeRepository.NodeRecord node : nodes.silentSince(now.minus(grace))) {
            String reason = "no heartbeat from the node agent since %s (grace period %d s)".formatted(node.lastHeartbeatAt(), grace.toSeconds());
            if (nodes.leaveReady(node.id(), NodeStatus.NOT_READY, reason, now)) {
                marked.add(node.name());
            }
        }
        return marked;
    }

    @Override
    public boolean cordonForFault(String clusterId, String nodeName, String reason)
    {
        requireNonNull(reason, "reason is null");
        String shown = reason.length() > 500 ? reason.substring(0, 500) : reason;
        return nodes.inCluster(clusterId).stream()
                .filter(node -> (node.name().equals(nodeName) || node.id().equals(nodeName)) && node.bindingStatus() == BindingStatus.BOUND)
                .findFirst()
                .map(node -> nodes.leaveReady(node.id(), NodeStatus.CORDONED, shown, clock.instant()))
                .orElse(false);
    }

    // Reads

    PageResult<NodeRepository.NodeRecord> list(Principal caller, NodeQuery query, PageRequest page)
    {
        ResourceAccess.requireNodeReader(caller);
        FieldRules rules = FieldRules.check();
        BindingStatus binding = Choices.one(rules, "bindingStatus", query.bindingStatus(), BindingStatus.class, null);
        NodeSource source = Choices.one(rules, "source", query.source(), NodeSource.class, null);
        NodeStatus status = Choices.one(rules, "status", query.status(), NodeStatus.class, null);
        rules.throwIfAny();
        String scope = caller.operator() ? null : caller.tenantId();
        String tenant = caller.operator() ? query.tenantId() : null;
        return nodes.list(new NodeRepository.NodeFilter(scope, tenant, query.clusterId(), query.name(), binding, source, status), page);
    }

    NodeRepository.NodeRecord get(Principal caller, String id)
    {
        ResourceAccess.requireNodeReader(caller);
        return visible(caller, id);
    }

    /** Unbound nodes the cluster could adopt: the cluster owner's, in its zone, with its card vendor (002 §4.2.2.2). */
    List<NodeRepository.NodeRecord> adoptable(Principal caller, String clusterId)
    {
        ResourceAccess.requireNodeReader(caller);
        ClusterRepository.ClusterRecord cluster = clusterService.changeable(caller, clusterId);
        return nodes.unbound(cluster.tenantId(), cluster.zoneId(), cluster.vendor());
    }

    // Operations

    @Transactional
    NodesAnswer create(Principal caller, NewNodes request)
    {
        FieldRules rules = FieldRules.check()
                .required("clusterId", request.clusterId())
                .required("specId", request.specId())
                .required("names", request.names());
        List<String> names = request.names() == null ? List.of() : request.names();
        rules.rule(names.size() <= MAX_BATCH, "names", "validation.batch.size", MAX_BATCH);
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            rules.name("names", name, NameRule.NODE);
            if (name != null && !seen.add(name.toLowerCase(Locale.ROOT))) {
                rules.violate("names", "resource.node.name.duplicate");
            }
        }
        rules.maxLength("leafSwitch", request.leafSwitch(), 64);
        NodeRules.labels(rules, "labels", request.labels());
        NodeRules.taints(rules, "taints", request.taints());
        rules.throwIfAny();

        ClusterRepository.ClusterRecord cluster = clusterService.changeable(caller, request.clusterId());
        Catalog.NodeSpec spec = catalog.nodeSpec(request.specId()).orElseThrow(() -> ApiException.invalidField("specId", "resource.spec.unknown"));
        checkSpecFits(rules, "specId", spec, cluster);
        for (String name : names) {
            if (nodes.nameTaken(cluster.tenantId(), name)) {
                rules.violate("names", "resource.node.name.taken");
            }
        }
        rules.throwIfAny();
        requireUsable(cluster);

        Instant now = clock.instant();
        List<NodeRepository.NodeRecord> created = new ArrayList<>();
        for (String name : names) {
            NodeRepository.NodeRecord node = newNode(cluster.tenantId(), cluster, name, spec, request.leafSwitch(), request.labels(), request.taints(), NodeSource.CREATED, now);
            nodes.insert(node);
            created.add(nodes.find(node.id()).orElseThrow());
        }
        return new NodesAnswer(cluster.id(), cluster.name(), created);
    }

    @Transactional
    NodesAnswer adopt(Principal caller, Adoption request)
    {
        List<String> nodeIds = request.nodeIds() == null ? List.of() : request.nodeIds();
        List<Machine> machines = request.machines() == null ? List.of() : request.machines();
        FieldRules rules = FieldRules.check()
                .required("clusterId", request.clusterId())
                .rule(!nodeIds.isEmpty() || !machines.isEmpty(), "nodeIds", "resource.node.nodes.required")
                .rule(nodeIds.size() + machines.size() <= MAX_BATCH, "nodeIds", "validation.batch.size", MAX_BATCH);
        Set<String> seen = new HashSet<>();
        for (Machine machine : machines) {
            rules.name("machines.name", machine.name(), NameRule.NODE)
                    .required("machines.specId", machine.specId())
                    .maxLength("machines.leafSwitch", machine.leafSwitch(), 64);
            NodeRules.labels(rules, "machines.labels", machine.labels());
            if (machine.name() != null && !seen.add(machine.name().toLowerCase(Locale.ROOT))) {
                rules.violate("machines.name", "resource.node.name.duplicate");
            }
        }
        rules.throwIfAny();

        ClusterRepository.ClusterRecord cluster = clusterService.changeable(caller, request.clusterId());
        Map<Machine, Catalog.NodeSpec> specs = new LinkedHashMap<>();
        for (Machine machine : machines) {
            Catalog.NodeSpec spec = catalog.nodeSpec(machine.specId()).orElse(null);
            if (spec == null) {
                rules.violate("machines.specId", "resource.spec.unknown");
                continue;
            }
            if (cluster.vendor() != null && !cluster.vendor().equals(spec.vendor())) {
                rules.violate("machines.specId", "resource.spec.vendor-mismatch", spec.vendor(), cluster.vendor());
            }
            if (nodes.nameTaken(cluster.tenantId(), machine.name())) {
                rules.violate("machines.name", "resource.node.name.taken");
            }
            specs.put(machine, spec);
        }
        rules.throwIfAny();
        // 002 §4.2.2.2: adoption needs a running resource group.
        requireUsable(cluster);

        Instant now = clock.instant();
        List<NodeRepository.NodeRecord> bound = new ArrayList<>();
        for (String nodeId : nodeIds) {
            NodeRepository.NodeRecord node = changeable(caller, nodeId);
            checkBindable(node, cluster);
            Versioned.requireUpdated(nodes.updateBinding(node.id(), cluster.id(), BindingStatus.BOUND, node.source(), now, node.version()), "node", node.id());
            bound.add(nodes.find(node.id()).orElseThrow());
        }
        for (Map.Entry<Machine, Catalog.NodeSpec> entry : specs.entrySet()) {
            Machine machine = entry.getKey();
            NodeRepository.NodeRecord node = newNode(cluster.tenantId(), cluster, machine.name(), entry.getValue(), machine.leafSwitch(), machine.labels(),
                    List.of(), NodeSource.ADOPTED, now);
            nodes.insert(node);
            bound.add(nodes.find(node.id()).orElseThrow());
        }
        return new NodesAnswer(cluster.id(), cluster.name(), bound);
    }

    @Transactional
    NodeRepository.NodeRecord bind(Principal caller, String id, BindRequest request)
    {
        FieldRules.check().required("clusterId", request.clusterId()).throwIfAny();
        NodeRepository.NodeRecord node = changeable(caller, id);
        ClusterRepository.ClusterRecord cluster = clusterService.changeable(caller, request.clusterId());
        checkBindable(node, cluster);
        requireUsable(cluster);
        Versioned.requireUpdated(nodes.updateBinding(id, cluster.id(), BindingStatus.BOUND, node.source(), clock.instant(), expected(request.version(), node)), "node", id);
        return nodes.find(id).orElseThrow();
    }

    @Transactional
    NodeRepository.NodeRecord unbind(Principal caller, String id, VersionRequest request)
    {
        NodeRepository.NodeRecord node = changeable(caller, id);
        // 002 §4.2.2.5: binding status 已绑定-正常, 绑定失败 or 解绑失败, and the resource group running.
        if (!UNBINDABLE.contains(node.bindingStatus()) || node.clusterId() == null) {
            throw ApiException.conflict("resource.node.not-unbindable", node.name(), node.bindingStatus().name());
        }
        ClusterRepository.ClusterRecord cluster = clusters.find(node.clusterId()).orElseThrow();
        if (cluster.status() != ClusterStatus.RUNNING) {
            throw ApiException.conflict("resource.cluster.not-running", cluster.name());
        }
        Versioned.requireUpdated(nodes.updateBinding(id, null, BindingStatus.UNBOUND, node.source(), clock.instant(), expected(request.version(), node)), "node", id);
        return nodes.find(id).orElseThrow();
    }

    @Transactional
    NodeRepository.NodeRecord remove(Principal caller, String id)
    {
        NodeRepository.NodeRecord node = changeable(caller, id);
        // 002 §4.2.2.6: unbound, and adopted (a created node is unsubscribed, not removed).
        if (node.bindingStatus() != BindingStatus.UNBOUND) {
            throw ApiException.conflict("resource.node.bound", node.name());
        }
        if (node.source() != NodeSource.ADOPTED) {
            throw ApiException.conflict("resource.node.remove.adopted-only");
        }
        Versioned.requireUpdated(nodes.delete(id, node.version()), "node", id);
        return node;
    }

    @Transactional
    NodeRepository.NodeRecord cordon(Principal caller, String id, VersionRequest request)
    {
        return setStatus(caller, id, NodeStatus.CORDONED, request.version());
    }

    @Transactional
    NodeRepository.NodeRecord uncordon(Principal caller, String id, VersionRequest request)
    {
        return setStatus(caller, id, NodeStatus.READY, request.version());
    }

    @Transactional
    NodeRepository.NodeRecord labels(Principal caller, String id, LabelsRequest request)
    {
        FieldRules rules = FieldRules.check().required("version", request.version());
        NodeRules.labels(rules, "labels", request.labels());
        rules.throwIfAny();
        NodeRepository.NodeRecord node = changeable(caller, id);
        Versioned.requireUpdated(nodes.updateLabels(node.id(), normalized(request.labels()), clock.instant(), request.version()), "node", id);
        return nodes.find(id).orElseThrow();
    }

    @Transactional
    NodeRepository.NodeRecord taints(Principal caller, String id, TaintsRequest request)
    {
        FieldRules rules = FieldRules.check().required("version", request.version());
        NodeRules.taints(rules, "taints", request.taints());
        rules.throwIfAny();
        NodeRepository.NodeRecord node = changeable(caller, id);
        List<String> taints = request.taints() == null ? List.of() : request.taints().stream().distinct().toList();
        Versioned.requireUpdated(nodes.updateTaints(node.id(), taints, clock.instant(), request.version()), "node", id);
        return nodes.find(id).orElseThrow();
    }

    /**
     * Applies one operation to up to 50 nodes, each on its own: one node's refusal does not undo the others, and the
     * answer says for each node whether it was done and, if not, why.
     */
    BatchAnswer batch(Principal caller, BatchRequest request)
    {
        FieldRules rules = FieldRules.check().required("action", request.action()).required("nodeIds", request.nodeIds());
        BatchAction action = Choices.one(rules, "action", request.action(), BatchAction.class, null);
        rules.rule(request.nodeIds() == null || request.nodeIds().size() <= MAX_BATCH, "nodeIds", "validation.batch.size", MAX_BATCH);
        rules.rule(action != BatchAction.BIND || (request.clusterId() != null && !request.clusterId().isBlank()), "clusterId", "validation.required");
        rules.throwIfAny();
        ResourceAccess.requireNodeReader(caller);

        List<BatchResult> results = new ArrayList<>();
        for (String nodeId : request.nodeIds().stream().filter(Objects::nonNull).distinct().toList()) {
            try {
                NodeRepository.NodeRecord node = eachNode.execute(status -> switch (action) {
                    case BIND -> bind(caller, nodeId, new BindRequest(request.clusterId(), null));
                    case UNBIND -> unbind(caller, nodeId, new VersionRequest(null));
                    case CORDON -> setStatus(caller, nodeId, NodeStatus.CORDONED, null);
                    case UNCORDON -> setStatus(caller, nodeId, NodeStatus.READY, null);
                    case REMOVE -> remove(caller, nodeId);
                });
                results.add(new BatchResult(nodeId, node.name(), true, null, message("resource.node.batch.done", List.of())));
            }
            catch (ApiException e) {
                String name = nodes.find(nodeId).filter(node -> ResourceAccess.canSee(caller, node)).map(NodeRepository.NodeRecord::name).orElse(null);
                String code = e.violations().isEmpty() ? e.code() : e.violations().getFirst().code();
                List<Object> args = e.violations().isEmpty() ? e.args() : e.violations().getFirst().args();
                results.add(new BatchResult(nodeId, name, false, code, message(code, args)));
            }
        }
        int succeeded = (int) results.stream().filter(BatchResult::success).count();
        return new BatchAnswer(action, succeeded, results.size() - succeeded, results);
    }

    /** Creates one node of the embedded default, bound to the default cluster, outside any request. */
    @Transactional
    NodeRepository.NodeRecord insertEmbedded(ClusterRepository.ClusterRecord cluster, String name, Catalog.NodeSpec spec, String leafSwitch)
    {
        NodeRepository.NodeRecord node = newNode(cluster.tenantId(), cluster, name, spec, leafSwitch, Map.of(), List.of(), NodeSource.CREATED, clock.instant());
        nodes.insert(node);
        return node;
    }

    private NodeRepository.NodeRecord setStatus(Principal caller, String id, NodeStatus status, Long version)
    {
        NodeRepository.NodeRecord node = changeable(caller, id);
        // Cordoning concerns scheduling, which only bound nodes take part in (batch operations need 已绑定-正常).
        if (node.bindingStatus() != BindingStatus.BOUND) {
            throw ApiException.conflict("resource.node.not-bound", node.name());
        }
        Versioned.requireUpdated(nodes.updateStatus(id, status, clock.instant(), expected(version, node)), "node", id);
        return nodes.find(id).orElseThrow();
    }

    private NodeRepository.NodeRecord visible(Principal caller, String id)
    {
        return nodes.find(id).filter(node -> ResourceAccess.canSee(caller, node)).orElseThrow(() -> ApiException.notFound("node", id));
    }

    private NodeRepository.NodeRecord changeable(Principal caller, String id)
    {
        ResourceAccess.requireNodeReader(caller);
        NodeRepository.NodeRecord node = visible(caller, id);
        if (!ResourceAccess.canChange(caller, node)) {
            throw ApiException.forbidden();
        }
        return node;
    }

    /** A node may join a cluster when it is unbound, has the cluster's owner, zone and card vendor (002 §1.7, §4.2.2.2). */
    private static void checkBindable(NodeRepository.NodeRecord node, ClusterRepository.ClusterRecord cluster)
    {
        if (node.bindingStatus() != BindingStatus.UNBOUND) {
            throw ApiException.conflict("resource.node.bound", node.name());
        }
        if (!Objects.equals(node.tenantId(), cluster.tenantId())) {
            throw ApiException.conflict("resource.node.owner-mismatch", node.name());
        }
        if (!node.zoneId().equals(cluster.zoneId())) {
            throw ApiException.conflict("resource.node.zone-mismatch", node.name());
        }
        if (cluster.vendor() != null && !cluster.vendor().equals(node.vendor())) {
            throw ApiException.conflict("resource.node.vendor-mismatch", node.name(), node.vendor(), cluster.vendor());
        }
    }

    private static void checkSpecFits(FieldRules rules, String field, Catalog.NodeSpec spec, ClusterRepository.ClusterRecord cluster)
    {
        if (cluster.vendor() != null && !cluster.vendor().equals(spec.vendor())) {
            rules.violate(field, "resource.spec.vendor-mismatch", spec.vendor(), cluster.vendor());
        }
        if (!cluster.nodeTypes().contains(spec.category())) {
            rules.violate(field, "resource.spec.node-type", spec.category().name());
        }
    }

    /** Nodes join only a cluster whose backend can drive them and which is running. */
    private static void requireUsable(ClusterRepository.ClusterRecord cluster)
    {
        if (!cluster.backend().available()) {
            throw ApiException.conflict("resource.cluster.backend-unavailable", cluster.name(), cluster.backend().id());
        }
        if (cluster.status() != ClusterStatus.RUNNING) {
            throw ApiException.conflict("resource.cluster.not-running", cluster.name());
        }
    }

    private static long expected(Long requested, NodeRepository.NodeRecord node)
    {
        return requested == null ? node.version() : requested;
    }

    private static Map<String, String> normalized(Map<String, String> labels)
    {
        Map<String, String> result = new LinkedHashMap<>();
        if (labels != null) {
            labels.forEach((key, value) -> result.put(key, value == null ? "" : value));
        }
        return result;
    }

    private NodeRepository.NodeRecord newNode(String tenantId, ClusterRepository.ClusterRecord cluster, String name, Catalog.NodeSpec spec, String leafSwitch,
            Map<String, String> labels, List<String> taints, NodeSource source, Instant now)
    {
        // The local backend cannot detect hardware: the devices a node has are the ones its specification declares.
        return new NodeRepository.NodeRecord(Ids.newId("nd"), tenantId, cluster.regionId(), cluster.zoneId(), cluster.id(), cluster.name(), name, spec.id(),
                spec.deviceModel(), spec.vendor(), spec.deviceCount(), spec.cpuCores(), spec.memoryGiB(), spec.allocatableCpuCores(), spec.allocatableMemoryGiB(),
                NodeStatus.READY, null, BindingStatus.BOUND, source, normalized(labels), taints == null ? List.of() : taints.stream().distinct().toList(),
                leafSwitch == null || leafSwitch.isBlank() ? null : leafSwitch, true, null, now, now, 0);
    }

    private String message(String code, List<Object> args)
    {
        return messages.getMessage(code, args.toArray(), code, LocaleContextHolder.getLocale());
    }
}
