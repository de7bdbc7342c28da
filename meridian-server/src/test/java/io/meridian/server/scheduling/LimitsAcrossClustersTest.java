package io.meridian.server.scheduling;

import io.meridian.server.quota.WorkloadType;
import io.meridian.server.testing.ApiClient;
import io.meridian.server.testing.SchedulingTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's limits (设置任务资源) and a tenant's limits are one budget across clusters: what the user or tenant holds in
 * one cluster counts when work of theirs waits in another. Cluster A is the embedded default's shared cluster (the
 * tenant's default queue); cluster B is a dedicated cluster of the tenant on the local backend with one 8-card node and a
 * queue of its own, associated with the default workspace.
 */
class LimitsAcrossClustersTest
        extends SchedulingTestSupport
{
    private static final String SPEC = "physical.h7ns.4xlarge3";

    private final List<String> submittedToB = new ArrayList<>();

    @AfterEach
    void releaseWorkInB()
    {
        submittedToB.forEach(scheduler::release);
    }

    @Test
    void cardsAUserHoldsInOneClusterCountAgainstTheUserLimitInAnother()
    {
        Tenant tenant = newTenant();
        ClusterB b = clusterB(tenant);
        limitUser(tenant, 8);

        String inA = submit(tenant, "in-a", 50, gpus("worker", 1, 8)).id();
        scheduler.runCycle();
        assertThat(status(tenant, inA)).isEqualTo(WorkloadStatus.ADMITTED);

        String inB = submitToB(tenant, b, tenant.userId(), "in-b", 4);
        scheduler.runCycle();
        ScheduledWorkload waiting = scheduler.find(tenant.id(), inB).orElseThrow();
        assertThat(waiting.status()).isEqualTo(WorkloadStatus.PENDING);
        assertThat(waiting.reason().code()).isEqualTo(ReasonCode.USER_CARD_LIMIT);
        assertThat(waiting.reason().requested()).isEqualTo(4);
        assertThat(waiting.reason().available()).as("the 8 cards held in cluster A leave nothing").isZero();
        assertThat(tenant.admin().get("/api/v1/scheduling/clusters/" + b.clusterId() + "/statistics").json().path("usedCards").asInt()).isZero();

        scheduler.release(inA);
        scheduler.runCycle();
        assertThat(status(tenant, inB)).isEqualTo(WorkloadStatus.ADMITTED);
    }

    @Test
    void oneSchedulingPassDoesNotSpendTheLastOfAUserBudgetInTwoClusters()
    {
        Tenant tenant = newTenant();
        ClusterB b = clusterB(tenant);
        limitUser(tenant, 8);

        String inA = submit(tenant, "in-a", 50, gpus("worker", 1, 8)).id();
        String inB = submitToB(tenant, b, tenant.userId(), "in-b", 8);
        scheduler.runCycle();

        // The clusters are decided one after another; whichever went first took the whole budget.
        List<ScheduledWorkload> both = List.of(scheduler.find(tenant.id(), inA).orElseThrow(), scheduler.find(tenant.id(), inB).orElseThrow());
        assertThat(both).filteredOn(workload -> workload.status() == WorkloadStatus.ADMITTED).hasSize(1);
        assertThat(both).filteredOn(workload -> workload.status() == WorkloadStatus.PENDING)
                .singleElement()
                .satisfies(workload -> assertThat(workload.reason().code()).isEqualTo(ReasonCode.USER_CARD_LIMIT));
    }

    @Test
    void cardsATenantHoldsInOneClusterCountAgainstTheTenantLimitInAnother()
    {
        Tenant tenant = newTenant();
        ClusterB b = clusterB(tenant);
        String colleague = newUser(tenant);
        ApiClient.Response limited = admin.put("/api/v1/settings/tenant-limits/" + tenant.id(), body("maxConcurrentCards", 8, "maxCpuCores", 10_000));
        assertThat(limited.status()).as(limited.toString()).isEqualTo(200);

        String inA = submit(tenant, "in-a", 50, gpus("worker", 1, 8)).id();
        scheduler.runCycle();
        assertThat(status(tenant, inA)).isEqualTo(WorkloadStatus.ADMITTED);

        // Another user of the tenant, far below their own limit, in the other cluster.
        String inB = submitToB(tenant, b, colleague, "in-b", 4);
        scheduler.runCycle();
        ScheduledWorkload waiting = scheduler.find(tenant.id(), inB).orElseThrow();
        assertThat(waiting.status()).isEqualTo(WorkloadStatus.PENDING);
        assertThat(waiting.reason().code()).isEqualTo(ReasonCode.TENANT_CARD_LIMIT);
        assertThat(waiting.reason().requested()).isEqualTo(4);
        assertThat(waiting.reason().available()).isZero();
        assertThat(tenant.admin().get("/api/v1/scheduling/workloads/" + inB).json().path("reason").path("message").asString())
                .isEqualTo("The tenant card limit is reached: needs 4 cards, 0 left. Position 1 in " + b.queueName() + ".");

        scheduler.release(inA);
        scheduler.runCycle();
        assertThat(status(tenant, inB)).isEqualTo(WorkloadStatus.ADMITTED);
    }

    // Fixtures

    private record ClusterB(String clusterId, String queueId, String queueName) {}

    /** A dedicated cluster with one 8-card node and a queue of two 4-card instances, usable from the default workspace. */
    private ClusterB clusterB(Tenant tenant)
    {
        String regionId = tenant.admin().get("/api/v1/regions?size=200").json().path("items").valueStream()
                .filter(region -> region.path("name").asString().equals("local"))
                .map(region -> region.path("id").asString())
                .findFirst()
                .orElseThrow();
        ApiClient.Response cluster = tenant.admin().post("/api/v1/clusters", body("name", unique("limits"), "kind", "DEDICATED", "regionId", regionId,
                "groupType", "STANDARD", "vendor", "nvidia", "backend", "local"));
        assertThat(cluster.status()).as(cluster.toString()).isEqualTo(201);
        String clusterId = cluster.text("id");
        ApiClient.Response nodes = tenant.admin().post("/api/v1/nodes", body("clusterId", clusterId, "specId", SPEC, "names", List.of(unique("ln-a"))));
        assertThat(nodes.status()).as(nodes.toString()).isEqualTo(201);
        String fourCards = tenant.admin().get("/api/v1/flavors?size=200&clusterId=" + clusterId).json().path("items").valueStream()
                .filter(flavor -> flavor.path("cards").asInt() == 4)
                .map(flavor -> flavor.path("name").asString())
                .findFirst()
                .orElseThrow();
        String queueName = unique("lq");
        ApiClient.Response queue = tenant.admin().post("/api/v1/queues", body("clusterId", clusterId, "name", queueName, "workloadTypes", List.of("TRAINING"),
                "flavorName", fourCards, "instanceCount", 2));
        assertThat(queue.status()).as(queue.toString()).isEqualTo(201);
        String queueId = queue.text("id");
        ApiClient.Response associated = tenant.admin().post("/api/v1/workspaces/" + tenant.workspaceId() + "/resources", body("queueIds", List.of(queueId)));
        assertThat(associated.status()).as(associated.toString()).isEqualTo(200);
        return new ClusterB(clusterId, queueId, queueName);
    }

    private String newUser(Tenant tenant)
    {
        ApiClient.Response created = tenant.admin().post("/api/v1/users", body("username", unique("colleague"), "password", TENANT_PASSWORD));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.text("id");
    }

    private static void limitUser(Tenant tenant, int cards)
    {
        ApiClient.Response response = tenant.admin().put("/api/v1/settings/user-limits/" + tenant.userId(), body("maxConcurrentCards", cards, "maxCpuCores", 10_000));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }

    private String submitToB(Tenant tenant, ClusterB b, String userId, String name, int cards)
    {
        ScheduledWorkload workload = scheduler.submit(new WorkloadRequest(tenant.id(), tenant.workspaceId(), userId, b.clusterId(), b.queueId(),
                WorkloadType.TRAINING, "test:" + name, "test-" + name, 50, gpus("worker", 1, cards), TopologyPreference.NONE));
        submittedToB.add(workload.id());
        return workload.id();
    }

    private WorkloadStatus status(Tenant tenant, String workloadId)
    {
        return scheduler.find(tenant.id(), workloadId).orElseThrow().status();
    }
}
