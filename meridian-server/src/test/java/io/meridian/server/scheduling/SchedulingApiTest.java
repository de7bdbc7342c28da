package io.meridian.server.scheduling;

import io.meridian.server.platform.api.ApiException;
import io.meridian.server.testing.ApiClient;
import io.meridian.server.testing.SchedulingTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import tools.jackson.databind.JsonNode;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scheduler on the embedded default: region local, its shared default cluster (virtual nodes of 8 cards) and each
 * tenant's default queue in its default workspace. Every test works in a tenant of its own, so queue positions are its
 * own; the nodes are shared, so every workload a test submits is released afterwards.
 */
class SchedulingApiTest
        extends SchedulingTestSupport
{
    private static final Queue<Object> EVENTS = new ConcurrentLinkedQueue<>();
    private static volatile boolean listening;

    @Autowired
    ConfigurableApplicationContext context;

    @BeforeEach
    void listenToSchedulerEvents()
    {
        synchronized (SchedulingApiTest.class) {
            if (!listening) {
                context.addApplicationListener(event -> {
                    if (event instanceof PayloadApplicationEvent<?> payload
                            && (payload.getPayload() instanceof WorkloadAdmitted || payload.getPayload() instanceof WorkloadPreempted)) {
                        EVENTS.add(payload.getPayload());
                    }
                });
                listening = true;
            }
        }
    }

    @Test
    void aGangThatFitsIsAdmittedWithEveryInstanceOnItsOwnCards()
    {
        Tenant tenant = newTenant();

        String id = submit(tenant, "fits", 50, List.of(InstanceGroupRequest.ofShape("worker", 2, 4_000, 16 * 1024, 4, Set.of("A800")))).id();
        scheduler.runCycle();

        ScheduledWorkload workload = scheduler.find(tenant.id(), id).orElseThrow();
        assertThat(workload.status()).isEqualTo(WorkloadStatus.ADMITTED);
        assertThat(workload.reason()).isNull();
        assertThat(workload.placements()).extracting(Placement::instanceName).containsExactlyInAnyOrder("worker-0", "worker-1");
        Set<String> cards = new HashSet<>();
        for (Placement placement : workload.placements()) {
            assertThat(placement.deviceIndices()).hasSize(4);
            assertThat(placement.nodeName()).isNotBlank();
            assertThat(placement.deviceModel()).isEqualTo("A800");
            assertThat(placement.sharedMilli()).isZero();
            placement.deviceIndices().forEach(device -> assertThat(cards.add(placement.nodeId() + "#" + device)).as("card used twice").isTrue());
        }
        assertThat(cards).hasSize(8);
        assertThat(EVENTS).anySatisfy(event -> {
            assertThat(event).isInstanceOf(WorkloadAdmitted.class);
            WorkloadAdmitted admitted = (WorkloadAdmitted) event;
            assertThat(admitted.workloadId()).isEqualTo(id);
            assertThat(admitted.ownerRef()).isEqualTo("test:fits");
            assertThat(admitted.placements()).containsExactlyInAnyOrderElementsOf(workload.placements());
        });
    }

    @Test
    void aGangLargerThanWhatIsFreeWaitsNamingTheShortResourceAndByHowMuch()
    {
        Tenant tenant = newTenant();
        long clusterCards = tenant.admin().get("/api/v1/scheduling/clusters/" + tenant.clusterId() + "/statistics").json().path("totalCards").asLong();
        submitAndAdmit(tenant, "holder", gpus("worker", 1, 8));

        String big = submit(tenant, "big", 50, gpus("worker", (int) clusterCards / 8, 8)).id();
        scheduler.runCycle();

        ScheduledWorkload waiting = scheduler.find(tenant.id(), big).orElseThrow();
        assertThat(waiting.status()).isEqualTo(WorkloadStatus.PENDING);
        assertThat(waiting.reason().code()).isEqualTo(ReasonCode.QUEUE_CAPACITY_SHORT);
        assertThat(waiting.reason().poolId()).isEqualTo(tenant.queueId());
        assertThat(waiting.reason().resource()).isEqualTo("gpu");
        assertThat(waiting.reason().requested()).isEqualTo(clusterCards * 1000);
        assertThat(waiting.reason().available()).isEqualTo((clusterCards - 8) * 1000);
        assertThat(waiting.reason().position()).isEqualTo(1);

        JsonNode english = tenant.admin().get("/api/v1/scheduling/workloads/" + big).json();
        assertThat(english.path("position").asInt()).isEqualTo(1);
        assertThat(english.path("cards").asInt()).isEqualTo((int) clusterCards);
        assertThat(english.path("reason").path("message").asString())
                .isEqualTo("Queue default is short of GPU cards: needs " + clusterCards + ", " + (clusterCards - 8) + " free, short by 8. Position 1 in the queue.");
        JsonNode chinese = tenant.admin().inLanguage("zh-CN").get("/api/v1/scheduling/workloads/" + big).json();
        assertThat(chinese.path("reason").path("message").asString()).contains("GPU 卡", "缺少 8", "排队第 1 位");
    }

    @Test
    void firstInFirstOutHoldsSmallWorkBehindAWaitingHead()
    {
        Tenant tenant = newTenant();
        long clusterCards = tenant.admin().get("/api/v1/scheduling/clusters/" + tenant.clusterId() + "/statistics").json().path("totalCards").asLong();
        submitAndAdmit(tenant, "holder", gpus("worker", 1, 8));
        String head = submit(tenant, "head", 50, gpus("worker", (int) clusterCards / 8, 8)).id();

        String small = submit(tenant, "small", 50, gpus("worker", 1, 1)).id();
        scheduler.runCycle();

        ScheduledWorkload behind = scheduler.find(tenant.id(), small).orElseThrow();
        assertThat(behind.status()).as("one card would fit, but the head is never skipped").isEqualTo(WorkloadStatus.PENDING);
        assertThat(behind.reason().code()).isEqualTo(ReasonCode.BLOCKED_BY_HEAD);
        assertThat(behind.reason().blockedBy()).isEqualTo(head);
        assertThat(behind.reason().position()).isEqualTo(2);
        assertThat(tenant.admin().get("/api/v1/scheduling/workloads/" + small).json().path("reason").path("message").asString())
                .isEqualTo("Waiting behind test-head in default: first in, first out. Position 2.");
    }

    @Test
    void releaseFreesExactlyWhatTheWorkloadHeldAndAdmitsTheNextInLine()
    {
        Tenant tenant = newTenant();
        limitCards(tenant, 8);
        String first = submitAndAdmit(tenant, "first", gpus("worker", 2, 4));
        String second = submit(tenant, "second", 50, gpus("worker", 1, 8)).id();
        scheduler.runCycle();
        ScheduledWorkload waiting = scheduler.find(tenant.id(), second).orElseThrow();
        assertThat(waiting.status()).isEqualTo(WorkloadStatus.PENDING);
        assertThat(waiting.reason().code()).isEqualTo(ReasonCode.USER_CARD_LIMIT);
        assertThat(waiting.reason().requested()).isEqualTo(8);
        assertThat(waiting.reason().available()).isZero();
        assertThat(reservationRows(first)).isEqualTo(2);
        Map<String, String> othersBefore = otherReservations(first, second);

        scheduler.release(first);

        assertThat(scheduler.find(tenant.id(), first).orElseThrow().status()).isEqualTo(WorkloadStatus.RELEASED);
        assertThat(scheduler.find(tenant.id(), first).orElseThrow().placements()).isEmpty();
        assertThat(reservationRows(first)).isZero();
        assertThat(otherReservations(first, second)).as("nobody else's reservations moved").isEqualTo(othersBefore);
        scheduler.runCycle();
        assertThat(scheduler.find(tenant.id(), second).orElseThrow().status()).isEqualTo(WorkloadStatus.ADMITTED);
        assertThat(usageRows(tenant.queueId(), first)).as("the queue no longer counts it").isZero();
        assertThat(usageState(tenant.queueId(), second)).isEqualTo("ADMITTED");

        scheduler.release(first);
        assertThat(scheduler.find(tenant.id(), first).orElseThrow().status()).as("releasing twice changes nothing").isEqualTo(WorkloadStatus.RELEASED);
    }

    @Test
    void anAdminRaisingThePriorityOfWaitingWorkMovesItToTheFront()
    {
        Tenant tenant = newTenant();
        limitCards(tenant, 8);
        String running = submitAndAdmit(tenant, "running", gpus("worker", 1, 8));
        String early = submit(tenant, "early", 50, gpus("worker", 1, 8)).id();
        String late = submit(tenant, "late", 50, gpus("worker", 1, 8)).id();
        scheduler.runCycle();
        assertThat(scheduler.find(tenant.id(), late).orElseThrow().reason().position()).isEqualTo(2);

        JsonNode view = tenant.admin().get("/api/v1/scheduling/workloads/" + late).json();
        ApiClient.Response changed = tenant.admin().put("/api/v1/scheduling/workloads/" + late + "/priority",
                body("priority", 90, "version", view.path("version").asLong()));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().path("priority").asInt()).isEqualTo(90);
        scheduler.runCycle();

        assertThat(scheduler.find(tenant.id(), late).orElseThrow().reason().position()).isEqualTo(1);
        ScheduledWorkload overtaken = scheduler.find(tenant.id(), early).orElseThrow();
        assertThat(overtaken.reason().position()).isEqualTo(2);
        assertThat(overtaken.reason().blockedBy()).isEqualTo(late);
        JsonNode queued = tenant.admin().get("/api/v1/scheduling/workloads?status=PENDING&clusterId=" + tenant.clusterId()).json();
        assertThat(queued.path("items").valueStream().map(item -> item.path("id").asString()).toList()).containsExactly(late, early);
        assertThat(tenant.admin().put("/api/v1/scheduling/workloads/" + late + "/priority", body("priority", 10, "version", view.path("version").asLong()))
                .json().path("code").asString()).as("the version moved on").isEqualTo("conflict.version");

        scheduler.release(running);
        scheduler.runCycle();
        assertThat(scheduler.find(tenant.id(), late).orElseThrow().status()).isEqualTo(WorkloadStatus.ADMITTED);
        assertThat(scheduler.find(tenant.id(), early).orElseThrow().status()).isEqualTo(WorkloadStatus.PENDING);
        ApiClient.Response notWaiting = tenant.admin().put("/api/v1/scheduling/workloads/" + late + "/priority", body("priority", 10));
        assertThat(notWaiting.status()).isEqualTo(409);
        assertThat(notWaiting.json().path("code").asString()).isEqualTo("scheduling.priority.not-pending");
    }

    @Test
    void aStoppedQueueRejectsWaitingAndNewWorkWhileRunningWorkGoesOn()
    {
        Tenant tenant = newTenant();
        limitCards(tenant, 8);
        String running = submitAndAdmit(tenant, "running", gpus("worker", 1, 8));
        String waiting = submit(tenant, "waiting", 50, gpus("worker", 1, 8)).id();

        assertThat(tenant.admin().post("/api/v1/queues/" + tenant.queueId() + "/stop", null).status()).isEqualTo(200);
        scheduler.runCycle();

        ScheduledWorkload rejected = scheduler.find(tenant.id(), waiting).orElseThrow();
        assertThat(rejected.status()).isEqualTo(WorkloadStatus.REJECTED);
        assertThat(rejected.reason().code()).isEqualTo(ReasonCode.QUEUE_STOPPED);
        assertThat(usageRows(tenant.queueId(), waiting)).isZero();
        assertThat(scheduler.find(tenant.id(), running).orElseThrow().status()).isEqualTo(WorkloadStatus.ADMITTED);
        assertThatThrownBy(() -> submit(tenant, "late", 50, gpus("worker", 1, 1)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("scheduling.pool.stopped"));
    }

    @Test
    void statisticsAndCardOccupancyMatchTheReservations()
    {
        Tenant tenant = newTenant();
        String id = submitAndAdmit(tenant, "occupy", gpus("worker", 2, 4));

        JsonNode statistics = tenant.admin().get("/api/v1/scheduling/clusters/" + tenant.clusterId() + "/statistics").json();
        JsonNode nodes = tenant.admin().get("/api/v1/scheduling/clusters/" + tenant.clusterId() + "/nodes").json();

        Set<String> reservedCards = reservedCards(tenant.clusterId());
        assertThat(statistics.path("usedCards").asInt()).isEqualTo(reservedCards.size());
        assertThat(statistics.path("idleCards").asInt())
                .isEqualTo(statistics.path("totalCards").asInt() - reservedCards.size() - statistics.path("abnormalCards").asInt());
        assertThat(statistics.path("totalNodes").asInt()).isEqualTo(nodes.size());
        long idleNodes = nodes.valueStream().filter(node -> node.path("usedCards").asInt() == 0 && node.path("usedCpuMilli").asLong() == 0).count();
        assertThat(statistics.path("idleNodes").asLong()).isEqualTo(idleNodes);
        int maxIdle = nodes.valueStream().mapToInt(node -> node.path("idleCards").asInt()).max().orElse(0);
        assertThat(statistics.path("maxIdleCardsOnOneNode").asInt()).isEqualTo(maxIdle);

        ScheduledWorkload workload = scheduler.find(tenant.id(), id).orElseThrow();
        for (Placement placement : workload.placements()) {
            JsonNode node = nodes.valueStream().filter(candidate -> candidate.path("nodeId").asString().equals(placement.nodeId())).findFirst().orElseThrow();
            for (int device : placement.deviceIndices()) {
                JsonNode card = node.path("cards").get(device);
                assertThat(card.path("state").asString()).isEqualTo("OCCUPIED");
                assertThat(card.path("usedMilli").asInt()).isEqualTo(1000);
                assertThat(card.path("holders").get(0).path("workloadId").asString()).isEqualTo(id);
                assertThat(card.path("holders").get(0).path("instanceName").asString()).isEqualTo(placement.instanceName());
            }
        }

        Tenant other = newTenant();
        JsonNode seenByOther = other.admin().get("/api/v1/scheduling/clusters/" + tenant.clusterId() + "/nodes").json();
        Placement first = workload.placements().getFirst();
        JsonNode card = seenByOther.valueStream().filter(node -> node.path("nodeId").asString().equals(first.nodeId())).findFirst().orElseThrow()
                .path("cards").get(first.deviceIndices().getFirst());
        assertThat(card.path("state").asString()).isEqualTo("OCCUPIED");
        assertThat(card.path("holders").get(0).path("otherTenant").asBoolean()).isTrue();
        assertThat(card.path("holders").get(0).path("workloadId").isNull()).as("another tenant's work is not named").isTrue();
    }

    @Test
    void anotherTenantDoesNotFindTheWorkload()
    {
        Tenant tenant = newTenant();
        String id = submit(tenant, "private", 50, gpus("worker", 1, 1)).id();
        Tenant other = newTenant();

        assertThat(other.admin().get("/api/v1/scheduling/workloads/" + id).status()).isEqualTo(404);
        assertThat(other.admin().put("/api/v1/scheduling/workloads/" + id + "/priority", body("priority", 90)).status()).isEqualTo(404);
        assertThat(scheduler.find(other.id(), id)).isEmpty();
        assertThat(other.admin().get("/api/v1/scheduling/workloads?size=200").json().path("items").valueStream()
                .map(item -> item.path("id").asString())).doesNotContain(id);
        assertThat(tenant.admin().get("/api/v1/scheduling/workloads/" + id).status()).isEqualTo(200);
        assertThatThrownBy(() -> scheduler.submit(request(other, tenant.queueId(), "theirs", 50, gpus("worker", 1, 1))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("not-found"));
    }

    @Test
    void submitRefusesMalformedGroupsAndChangesNothing()
    {
        Tenant tenant = newTenant();
        List<InstanceGroupRequest> groups = List.of(
                InstanceGroupRequest.ofShape("Worker", 0, 1000, 1024, 1, Set.of()),
                InstanceGroupRequest.ofFlavor("ps", 1, "no-such-flavor"),
                new InstanceGroupRequest("ps", 1, null, 1000, 1024, 1, 500, 0, Set.of(), Map.of(), List.of()));

        assertThatThrownBy(() -> scheduler.submit(request(tenant, tenant.queueId(), "bad", 50, groups)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.violations())
                        .extracting(violation -> violation.field() + ":" + violation.code())
                        .contains("groups[0].role:scheduling.role.pattern", "groups[0].count:validation.range",
                                "groups[1].flavorName:scheduling.flavor.unknown", "groups[2].role:scheduling.role.duplicate",
                                "groups[2].sharedMilli:scheduling.gpu.whole-or-shared"));
        assertThat(tenant.admin().get("/api/v1/scheduling/workloads").json().path("total").asInt()).isZero();
    }

    @Test
    void onlyIamAdminsSeeTheSchedulingCenter()
    {
        Tenant tenant = newTenant();
        String username = unique("sched-user");
        assertThat(tenant.admin().post("/api/v1/users", body("username", username, "password", TENANT_PASSWORD, "displayName", "Ordinary")).status()).isEqualTo(201);
        ApiClient ordinary = loginAs(username, TENANT_PASSWORD);

        assertThat(ordinary.get("/api/v1/scheduling/workloads").status()).isEqualTo(403);
        assertThat(ordinary.get("/api/v1/scheduling/clusters/" + tenant.clusterId() + "/statistics").status()).isEqualTo(403);
        assertThat(tenant.admin().get("/api/v1/scheduling/clusters/no-such-cluster/statistics").status()).isEqualTo(404);
    }

    // Fixtures

    private void limitCards(Tenant tenant, int cards)
    {
        ApiClient.Response response = tenant.admin().put("/api/v1/settings/user-limits/" + tenant.userId(), body("maxConcurrentCards", cards, "maxCpuCores", 10_000));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private String submitAndAdmit(Tenant tenant, String name, List<InstanceGroupRequest> groups)
    {
        String id = submit(tenant, name, 50, groups).id();
        scheduler.runCycle();
        ScheduledWorkload workload = scheduler.find(tenant.id(), id).orElseThrow();
        assertThat(workload.status()).as("%s: %s", name, workload.reason()).isEqualTo(WorkloadStatus.ADMITTED);
        return id;
    }

    private long reservationRows(String workloadId)
    {
        return jdbc.sql("SELECT COUNT(*) FROM reservations WHERE workload_id = ?").param(workloadId).query(Long.class).single();
    }

    private long usageRows(String poolId, String workloadId)
    {
        return jdbc.sql("SELECT COUNT(*) FROM pool_usage WHERE pool_id = ? AND task_id = ?").params(poolId, workloadId).query(Long.class).single();
    }

    private String usageState(String poolId, String workloadId)
    {
        return jdbc.sql("SELECT state FROM pool_usage WHERE pool_id = ? AND task_id = ?").params(poolId, workloadId).query(String.class).single();
    }

    /** Every reservation row except the two workloads', as "workload/role/index" → "node:devices". */
    private Map<String, String> otherReservations(String first, String second)
    {
        Map<String, String> rows = new java.util.TreeMap<>();
        jdbc.sql("SELECT * FROM reservations WHERE workload_id <> ? AND workload_id <> ?")
                .params(first, second)
                .query((java.sql.ResultSet rs) -> {
                    rows.put(rs.getString("workload_id") + "/" + rs.getString("role") + "/" + rs.getInt("instance_index"),
                            rs.getString("node_id") + ":" + rs.getString("devices"));
                });
        return rows;
    }

    private Set<String> reservedCards(String clusterId)
    {
        Set<String> cards = new HashSet<>();
        jdbc.sql("SELECT node_id, devices FROM reservations WHERE cluster_id = ?")
                .param(clusterId)
                .query((java.sql.ResultSet rs) -> {
                    String devices = rs.getString("devices");
                    if (!devices.isEmpty()) {
                        for (String device : devices.split(",")) {
                            cards.add(rs.getString("node_id") + "#" + device);
                        }
                    }
                });
        return cards;
    }
}
