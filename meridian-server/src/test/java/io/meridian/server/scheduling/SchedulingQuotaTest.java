package io.meridian.server.scheduling;

import io.meridian.server.quota.WorkloadType;
import io.meridian.server.resource.ResourceTestStates;
import io.meridian.server.testing.ApiClient;
import io.meridian.server.testing.ApiTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resource quotas on a tenant's dedicated cluster: idle borrowing from another quota, the lender taking its capacity back
 * from a lower-priority borrower (闲时算力借用, 001-B §4.4), the cluster's placement policy and a stopped quota as the
 * library decides them, strict and best-effort FIFO, node taints, labels and tolerations, and cordoned and not-ready
 * nodes in the scheduling center.
 */
class SchedulingQuotaTest
        extends ApiTestSupport
{
    private static final String PASSWORD = "Xx-Passw0rd";
    private static final String SPEC = "physical.h7ns.4xlarge3";
    private static final Queue<WorkloadPreempted> PREEMPTED = new ConcurrentLinkedQueue<>();
    private static volatile boolean listening;

    @Autowired
    WorkloadScheduler scheduler;

    @Autowired
    ConfigurableApplicationContext context;

    private final List<String> submitted = new ArrayList<>();

    @AfterEach
    void releaseEverythingSubmitted()
    {
        submitted.forEach(scheduler::release);
    }

    @Test
    void aQuotaBorrowsIdleCapacityAndTheLenderTakesItBackFromALowerPriorityBorrower()
    {
        listenForPreemptions();
        String adminUsername = unique("quota-admin");
        String tenantId = admin.post("/api/v1/tenants", body("name", unique("quota-tenant"), "adminUsername", adminUsername, "adminPassword", PASSWORD))
                .text("id");
        ApiClient tenantAdmin = loginAs(adminUsername, PASSWORD);
        String userId = tenantAdmin.get("/api/v1/me").text("id");
        String clusterId = dedicatedClusterWithTwoNodes(tenantAdmin);
        String fourCards = flavor(tenantAdmin, clusterId, 4);
        String borrowerSpace = workspace(tenantAdmin);
        String lenderSpace = workspace(tenantAdmin);
        String borrower = quota(tenantAdmin, clusterId, fourCards, 11, true, borrowerSpace);
        String lender = quota(tenantAdmin, clusterId, fourCards, 12, false, lenderSpace);

        // 12 cards on an 8-card quota: 4 are borrowed from the idle lender.
        String borrowing = submit(new WorkloadRequest(tenantId, borrowerSpace, userId, clusterId, borrower, WorkloadType.TRAINING, "test:borrowing",
                "borrowing", 50, List.of(InstanceGroupRequest.ofShape("worker", 3, 4_000, 16 * 1024, 4, Set.of())), TopologyPreference.NONE));
        scheduler.runCycle();
        assertThat(scheduler.find(tenantId, borrowing).orElseThrow().status()).isEqualTo(WorkloadStatus.ADMITTED);
        assertThat(jdbc.sql("SELECT gpu_milli FROM workload_borrowings WHERE workload_id = ? AND lender_pool_id = ?").params(borrowing, lender)
                .query(Long.class).single()).isEqualTo(4000);

        // The lender needs all 8 of its cards, at a higher priority: the borrower is preempted.
        String owner = submit(new WorkloadRequest(tenantId, lenderSpace, userId, clusterId, lender, WorkloadType.TRAINING, "test:owner", "owner", 60,
                List.of(InstanceGroupRequest.ofShape("worker", 2, 4_000, 16 * 1024, 4, Set.of())), TopologyPreference.NONE));
        scheduler.runCycle();

        ScheduledWorkload preempted = scheduler.find(tenantId, borrowing).orElseThrow();
        assertThat(preempted.status()).isEqualTo(WorkloadStatus.PREEMPTED);
        assertThat(preempted.reason().code()).isEqualTo(ReasonCode.PREEMPTED_BY_LENDER);
        assertThat(preempted.reason().poolId()).isEqualTo(lender);
        assertThat(preempted.placements()).isEmpty();
        assertThat(PREEMPTED).anySatisfy(event -> {
            assertThat(event.workloadId()).isEqualTo(borrowing);
            assertThat(event.ownerRef()).isEqualTo("test:borrowing");
        });
        assertThat(tenantAdmin.get("/api/v1/scheduling/workloads/" + borrowing).json().path("reason").path("message").asString())
                .contains("took back the capacity it lent", "owner");
        scheduler.runCycle();
        assertThat(scheduler.find(tenantId, owner).orElseThrow().status()).isEqualTo(WorkloadStatus.ADMITTED);
    }

    @Test
    void strictFifoKeepsSmallWorkBehindAHeadThatDoesNotFitWhileBestEffortFifoAdmitsIt()
    {
        String adminUsername = unique("fifo-admin");
        String tenantId = admin.post("/api/v1/tenants", body("name", unique("fifo-tenant"), "adminUsername", adminUsername, "adminPassword", PASSWORD))
                .text("id");
        ApiClient tenantAdmin = loginAs(adminUsername, PASSWORD);
        String userId = tenantAdmin.get("/api/v1/me").text("id");
        String clusterId = dedicatedClusterWithTwoNodes(tenantAdmin);
        String fourCards = flavor(tenantAdmin, clusterId, 4);
        String space = workspace(tenantAdmin);
        // Two quotas of 8 cards each, without borrowing: a 4-card holder leaves 4, so an 8-card head cannot start.
        String strict = quota(tenantAdmin, clusterId, fourCards, 15, false, space, "FIFO");
        String bestEffort = quota(tenantAdmin, clusterId, fourCards, 16, false, space, "BEST_EFFORT_FIFO");
        Map<String, String> heads = new HashMap<>();
        Map<String, String> smalls = new HashMap<>();
        for (String quota : List.of(strict, bestEffort)) {
            String holder = submit(new WorkloadRequest(tenantId, space, userId, clusterId, quota, WorkloadType.TRAINING, "test:holder", "holder", 50,
                    List.of(InstanceGroupRequest.ofShape("worker", 1, 4_000, 16 * 1024, 4, Set.of())), TopologyPreference.NONE));
            scheduler.runCycle();
            assertThat(scheduler.find(tenantId, holder).orElseThrow().status()).isEqualTo(WorkloadStatus.ADMITTED);
            heads.put(quota, submit(new WorkloadRequest(tenantId, space, userId, clusterId, quota, WorkloadType.TRAINING, "test:head", "head", 50,
                    List.of(InstanceGroupRequest.ofShape("worker", 2, 4_000, 16 * 1024, 4, Set.of())), TopologyPreference.NONE)));
            smalls.put(quota, submit(new WorkloadRequest(tenantId, space, userId, clusterId, quota, WorkloadType.TRAINING, "test:small", "small", 50,
                    List.of(InstanceGroupRequest.ofShape("worker", 1, 4_000, 16 * 1024, 2, Set.of())), TopologyPreference.NONE)));
        }

        scheduler.runCycle();

        for (String quota : List.of(strict, bestEffort)) {
            ScheduledWorkload head = scheduler.find(tenantId, heads.get(quota)).orElseThrow();
            assertThat(head.status()).isEqualTo(WorkloadStatus.PENDING);
            assertThat(head.reason().code()).isEqualTo(ReasonCode.QUOTA_SHORT);
        }
        ScheduledWorkload blocked = scheduler.find(tenantId, smalls.get(strict)).orElseThrow();
        assertThat(blocked.status()).as("two cards would fit, but strict FIFO never skips the head").isEqualTo(WorkloadStatus.PENDING);
        assertThat(blocked.reason().code()).isEqualTo(ReasonCode.BLOCKED_BY_HEAD);
        assertThat(blocked.reason().blockedBy()).isEqualTo(heads.get(strict));
        assertThat(blocked.reason().position()).isEqualTo(2);
        assertThat(tenantAdmin.get("/api/v1/scheduling/workloads/" + smalls.get(strict)).json().path("reason").path("message").asString())
                .contains("Waiting behind head", "first in, first out");
        ScheduledWorkload passed = scheduler.find(tenantId, smalls.get(bestEffort)).orElseThrow();
        assertThat(passed.status()).as("best-effort FIFO: the head that does not fit steps aside").isEqualTo(WorkloadStatus.ADMITTED);
        assertThat(passed.placements()).singleElement().satisfies(placement -> assertThat(placement.deviceIndices()).hasSize(2));
    }

    @Test
    void aSpreadingClusterPlacesOnTheEmptiestNodeAndAStoppedQuotaRejectsWhatStillWaits()
    {
        String adminUsername = unique("spread-admin");
        String tenantId = admin.post("/api/v1/tenants", body("name", unique("spread-tenant"), "adminUsername", adminUsername, "adminPassword", PASSWORD))
                .text("id");
        ApiClient tenantAdmin = loginAs(adminUsername, PASSWORD);
        String userId = tenantAdmin.get("/api/v1/me").text("id");
        String clusterId = dedicatedCluster(tenantAdmin, "spread");
        ApiClient.Response nodes = tenantAdmin.post("/api/v1/nodes", body("clusterId", clusterId, "specId", SPEC, "names", List.of(unique("sp-a"), unique("sp-b"))));
        assertThat(nodes.status()).as(nodes.toString()).isEqualTo(201);
        String space = workspace(tenantAdmin);
        String quota = quota(tenantAdmin, clusterId, flavor(tenantAdmin, clusterId, 4), 14, false, space);

        List<String> nodesUsed = new ArrayList<>();
        for (String name : List.of("first", "second")) {
            String id = submit(new WorkloadRequest(tenantId, space, userId, clusterId, quota, WorkloadType.TRAINING, "test:" + name, name, 50,
                    List.of(InstanceGroupRequest.ofShape("worker", 1, 4_000, 16 * 1024, 2, Set.of())), TopologyPreference.NONE));
            scheduler.runCycle();
            ScheduledWorkload admitted = scheduler.find(tenantId, id).orElseThrow();
            assertThat(admitted.status()).isEqualTo(WorkloadStatus.ADMITTED);
            nodesUsed.add(admitted.placements().getFirst().nodeId());
        }
        // Binpacking would have put both on one node; the cluster asked to spread.
        assertThat(nodesUsed).doesNotHaveDuplicates();

        String waiting = submit(new WorkloadRequest(tenantId, space, userId, clusterId, quota, WorkloadType.TRAINING, "test:waiting", "waiting", 50,
                List.of(InstanceGroupRequest.ofShape("worker", 1, 4_000, 16 * 1024, 8, Set.of())), TopologyPreference.NONE));
        scheduler.runCycle();
        assertThat(scheduler.find(tenantId, waiting).orElseThrow().reason().code()).isEqualTo(ReasonCode.QUOTA_SHORT);
        ApiClient.Response stopped = tenantAdmin.post("/api/v1/quotas/" + quota + "/stop", null);
        assertThat(stopped.status()).as(stopped.toString()).isEqualTo(200);
        scheduler.runCycle();

        ScheduledWorkload rejected = scheduler.find(tenantId, waiting).orElseThrow();
        assertThat(rejected.status()).isEqualTo(WorkloadStatus.REJECTED);
        assertThat(rejected.reason().code()).isEqualTo(ReasonCode.QUOTA_STOPPED);
    }

    @Test
    void taintedNodesTakeOnlyWorkThatToleratesThemAndTheCenterShowsThem()
    {
        String adminUsername = unique("taint-admin");
        String tenantId = admin.post("/api/v1/tenants", body("name", unique("taint-tenant"), "adminUsername", adminUsername, "adminPassword", PASSWORD))
                .text("id");
        ApiClient tenantAdmin = loginAs(adminUsername, PASSWORD);
        String userId = tenantAdmin.get("/api/v1/me").text("id");
        String clusterId = dedicatedCluster(tenantAdmin);
        ApiClient.Response nodes = tenantAdmin.post("/api/v1/nodes", body("clusterId", clusterId, "specId", SPEC, "names", List.of(unique("tn-a")),
                "labels", Map.of("pool", "reserved"), "taints", List.of("dedicated=team-a:NoSchedule")));
        assertThat(nodes.status()).as(nodes.toString()).isEqualTo(201);
        String fourCards = flavor(tenantAdmin, clusterId, 4);
        String space = workspace(tenantAdmin);
        String quota = quota(tenantAdmin, clusterId, fourCards, 13, false, space);

        String intolerant = submit(new WorkloadRequest(tenantId, space, userId, clusterId, quota, WorkloadType.TRAINING, "test:intolerant", "intolerant",
                50, List.of(InstanceGroupRequest.ofShape("worker", 1, 4_000, 16 * 1024, 4, Set.of())), TopologyPreference.NONE));
        scheduler.runCycle();

        ScheduledWorkload waiting = scheduler.find(tenantId, intolerant).orElseThrow();
        assertThat(waiting.status()).isEqualTo(WorkloadStatus.PENDING);
        assertThat(waiting.reason().code()).isEqualTo(ReasonCode.NO_NODE_FITS);
        assertThat(waiting.reason().detail()).isEqualTo("worker:TAINT");
        assertThat(tenantAdmin.get("/api/v1/scheduling/workloads/" + intolerant).json().path("reason").path("message").asString())
                .contains("no node can take role worker", "tainted");
        JsonNode statistics = tenantAdmin.get("/api/v1/scheduling/clusters/" + clusterId + "/statistics").json();
        assertThat(statistics.path("taintedNodes").asInt()).isEqualTo(1);
        assertThat(statistics.path("totalCards").asInt()).isEqualTo(8);
        assertThat(tenantAdmin.get("/api/v1/scheduling/clusters/" + clusterId + "/nodes").json().get(0).path("cards").get(0).path("state").asString())
                .isEqualTo("TAINTED");

        scheduler.release(intolerant);
        InstanceGroupRequest tolerant = new InstanceGroupRequest("worker", 1, null, 4_000, 16 * 1024, 4, 0, 0, Set.of(), Map.of("pool", "reserved"),
                List.of("dedicated=team-a"));
        String admitted = submit(new WorkloadRequest(tenantId, space, userId, clusterId, quota, WorkloadType.TRAINING, "test:tolerant", "tolerant", 50,
                List.of(tolerant), TopologyPreference.NONE));
        scheduler.runCycle();
        assertThat(scheduler.find(tenantId, admitted).orElseThrow().status()).isEqualTo(WorkloadStatus.ADMITTED);
        assertThat(tenantAdmin.get("/api/v1/scheduling/clusters/" + clusterId + "/statistics").json().path("usedCards").asInt()).isEqualTo(4);
    }

    @Test
    void cordonedAndNotReadyNodesStayInTheCenterWithTaintedAndFaultyCards()
    {
        String adminUsername = unique("state-admin");
        admin.post("/api/v1/tenants", body("name", unique("state-tenant"), "adminUsername", adminUsername, "adminPassword", PASSWORD));
        ApiClient tenantAdmin = loginAs(adminUsername, PASSWORD);
        String clusterId = dedicatedCluster(tenantAdmin);
        ApiClient.Response created = tenantAdmin.post("/api/v1/nodes", body("clusterId", clusterId, "specId", SPEC,
                "names", List.of(unique("sn-a"), unique("sn-b"), unique("sn-c"))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        List<String> nodeIds = created.json().path("items").valueStream().map(node -> node.path("id").asString()).toList();
        String statisticsPath = "/api/v1/scheduling/clusters/" + clusterId + "/statistics";

        assertStatistics(tenantAdmin.get(statisticsPath).json(), 3, 3, 0, 0, 24, 24);

        // 污点节点: a cordoned node keeps its place in the center, its cards tainted.
        ApiClient.Response cordoned = tenantAdmin.post("/api/v1/nodes/" + nodeIds.get(0) + "/cordon", null);
        assertThat(cordoned.status()).as(cordoned.toString()).isEqualTo(200);
        assertStatistics(tenantAdmin.get(statisticsPath).json(), 3, 2, 1, 0, 24, 24);
        assertThat(cardStates(tenantAdmin, clusterId, nodeIds.get(0))).hasSize(8).containsOnly("TAINTED");

        // 异常GPU卡: every card of a node that is not ready.
        ResourceTestStates.nodeNotReady(jdbc, nodeIds.get(1));
        JsonNode statistics = tenantAdmin.get(statisticsPath).json();
        assertStatistics(statistics, 3, 1, 1, 8, 24, 16);
        assertThat(statistics.path("maxIdleCardsOnOneNode").asInt()).isEqualTo(8);
        assertThat(cardStates(tenantAdmin, clusterId, nodeIds.get(1))).hasSize(8).containsOnly("FAULTY");
        assertThat(cardStates(tenantAdmin, clusterId, nodeIds.get(2))).hasSize(8).containsOnly("IDLE");
    }

    private static void assertStatistics(JsonNode statistics, int totalNodes, int idleNodes, int taintedNodes, int abnormalCards, int totalCards, int idleCards)
    {
        assertThat(statistics.path("totalNodes").asInt()).as("totalNodes").isEqualTo(totalNodes);
        assertThat(statistics.path("idleNodes").asInt()).as("idleNodes").isEqualTo(idleNodes);
        assertThat(statistics.path("taintedNodes").asInt()).as("taintedNodes").isEqualTo(taintedNodes);
        assertThat(statistics.path("abnormalCards").asInt()).as("abnormalCards").isEqualTo(abnormalCards);
        assertThat(statistics.path("totalCards").asInt()).as("totalCards").isEqualTo(totalCards);
        assertThat(statistics.path("idleCards").asInt()).as("idleCards").isEqualTo(idleCards);
    }

    private static List<String> cardStates(ApiClient tenantAdmin, String clusterId, String nodeId)
    {
        return tenantAdmin.get("/api/v1/scheduling/clusters/" + clusterId + "/nodes").json().valueStream()
                .filter(node -> node.path("nodeId").asString().equals(nodeId))
                .findFirst()
                .orElseThrow()
                .path("cards").valueStream()
                .map(card -> card.path("state").asString())
                .toList();
    }

    private void listenForPreemptions()
    {
        synchronized (SchedulingQuotaTest.class) {
            if (!listening) {
                context.addApplicationListener(event -> {
                    if (event instanceof PayloadApplicationEvent<?> payload && payload.getPayload() instanceof WorkloadPreempted preempted) {
                        PREEMPTED.add(preempted);
                    }
                });
                listening = true;
            }
        }
    }

    private String submit(WorkloadRequest request)
    {
        String id = scheduler.submit(request).id();
        submitted.add(id);
        return id;
    }

    private static String dedicatedClusterWithTwoNodes(ApiClient tenantAdmin)
    {
        String clusterId = dedicatedCluster(tenantAdmin);
        ApiClient.Response nodes = tenantAdmin.post("/api/v1/nodes", body("clusterId", clusterId, "specId", SPEC,
                "names", List.of(unique("qn-a"), unique("qn-b"))));
        assertThat(nodes.status()).as(nodes.toString()).isEqualTo(201);
        return clusterId;
    }

    private static String flavor(ApiClient tenantAdmin, String clusterId, int cards)
    {
        return tenantAdmin.get("/api/v1/flavors?size=200&clusterId=" + clusterId).json().path("items").valueStream()
                .filter(flavor -> flavor.path("cards").asInt() == cards)
                .map(flavor -> flavor.path("name").asString())
                .findFirst()
                .orElseThrow();
    }

    private static String dedicatedCluster(ApiClient tenantAdmin)
    {
        return dedicatedCluster(tenantAdmin, "binpack");
    }

    private static String dedicatedCluster(ApiClient tenantAdmin, String placementPolicy)
    {
        String regionId = tenantAdmin.get("/api/v1/regions?size=200").json().path("items").valueStream()
                .filter(region -> region.path("name").asString().equals("local"))
                .map(region -> region.path("id").asString())
                .findFirst()
                .orElseThrow();
        ApiClient.Response cluster = tenantAdmin.post("/api/v1/clusters", body("name", unique("quotas"), "kind", "DEDICATED", "regionId", regionId,
                "groupType", "STANDARD", "vendor", "nvidia", "backend", "local", "placementPolicy", placementPolicy));
        assertThat(cluster.status()).as(cluster.toString()).isEqualTo(201);
        return cluster.text("id");
    }

    private static String workspace(ApiClient tenantAdmin)
    {
        ApiClient.Response workspace = tenantAdmin.post("/api/v1/workspaces", body("name", unique("qws"), "description", "quota test"));
        assertThat(workspace.status()).as(workspace.toString()).isEqualTo(201);
        return workspace.text("id");
    }

    private static String quota(ApiClient tenantAdmin, String clusterId, String flavor, int weight, boolean borrowIdle, String workspaceId)
    {
        return quota(tenantAdmin, clusterId, flavor, weight, borrowIdle, workspaceId, "FIFO");
    }

    private static String quota(ApiClient tenantAdmin, String clusterId, String flavor, int weight, boolean borrowIdle, String workspaceId, String policy)
    {
        ApiClient.Response quota = tenantAdmin.post("/api/v1/quotas", body("clusterId", clusterId, "name", unique("q"), "workloadTypes", List.of("TRAINING"),
                "flavorName", flavor, "instanceCount", 2, "weight", weight, "borrowIdle", borrowIdle, "exclusive", false, "workspaceIds", List.of(workspaceId),
                "schedulingPolicy", policy));
        assertThat(quota.status()).as(quota.toString()).isEqualTo(201);
        return quota.text("id");
    }
}
