package io.meridian.server.quota;

import io.meridian.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static io.meridian.server.quota.QueueApiTest.with;
import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

class WorkspaceResourcesApiTest
        extends QuotaTestSupport
{
    @Autowired
    private CapacityPools capacityPools;

    @Test
    void theDefaultWorkspaceUsesQueuesOnlyStartingWithTheDefaultQueue()
    {
        Tenant tenant = newTenant();
        String clusterId = newDedicatedCluster(tenant, 1);
        String defaultWorkspaceId = workspace(tenant, true);
        String queueId = created(tenant.main().post("/api/v1/queues", queue(clusterId, ONE_CARD, 2))).path("id").asString();
        String quotaId = created(tenant.main().post("/api/v1/quotas", quota(clusterId, ONE_CARD, 1, 1))).path("id").asString();

        JsonNode before = ok(tenant.main().get("/api/v1/workspaces/" + defaultWorkspaceId + "/resources"));
        JsonNode after = ok(tenant.main().post("/api/v1/workspaces/" + defaultWorkspaceId + "/resources", body("queueIds", List.of(queueId))));
        ApiClient.Response quota = tenant.main().post("/api/v1/workspaces/" + defaultWorkspaceId + "/resources", body("quotaIds", List.of(quotaId)));

        // One default queue per default cluster; other tests may have added regions with default clusters of their own.
        assertThat(before.valueStream().map(item -> item.path("isDefault").asBoolean())).isNotEmpty().containsOnly(true);
        assertThat(after.valueStream().map(item -> item.path("id").asString())).contains(queueId).hasSize(before.size() + 1);
        JsonNode associated = after.valueStream().filter(item -> item.path("id").asString().equals(queueId)).findFirst().orElseThrow();
        assertThat(associated.path("kind").asString()).isEqualTo("QUEUE");
        assertThat(associated.path("capacity").path("cards").asInt()).isEqualTo(2);
        assertThat(quota.fieldErrors()).containsExactly("quotaIds:pool.association.default-workspace-queues-only");
        assertThat(ok(tenant.main().get("/api/v1/queues/" + queueId)).path("workspaceIds").valueStream().map(JsonNode::asString))
                .containsExactly(defaultWorkspaceId);
    }

    @Test
    void otherWorkspacesUseQuotasOnlyAndAnAssociationCannotBeUndone()
    {
        Tenant tenant = newTenant();
        String clusterId = newDedicatedCluster(tenant, 1);
        String workspaceId = workspace(tenant, false);
        String queueId = created(tenant.main().post("/api/v1/queues", queue(clusterId, ONE_CARD, 1))).path("id").asString();
        String quotaId = created(tenant.main().post("/api/v1/quotas", quota(clusterId, TWO_CARDS, 1, 1))).path("id").asString();
        String secondQuotaId = created(tenant.main().post("/api/v1/quotas", quota(clusterId, ONE_CARD, 1, 2))).path("id").asString();
        usage.recordAdmitted(quotaId, "dev-machine", new Resources(1, 21, 175));

        ApiClient.Response queue = tenant.main().post("/api/v1/workspaces/" + workspaceId + "/resources", body("queueIds", List.of(queueId)));
        ok(tenant.main().post("/api/v1/workspaces/" + workspaceId + "/resources", body("quotaIds", List.of(quotaId))));
        JsonNode both = ok(tenant.main().post("/api/v1/workspaces/" + workspaceId + "/resources", body("quotaIds", List.of(secondQuotaId, quotaId))));
        ApiClient.Response removal = tenant.main().delete("/api/v1/workspaces/" + workspaceId + "/resources/" + quotaId);

        assertThat(queue.fieldErrors()).containsExactly("queueIds:pool.association.quotas-only");
        assertThat(both.valueStream().map(item -> item.path("id").asString())).containsExactly(quotaId, secondQuotaId);
        JsonNode used = both.get(0);
        assertThat(used.path("capacity").path("cards").asInt()).isEqualTo(2);
        assertThat(used.path("allocated").path("cards").asInt()).isEqualTo(1);
        assertProblem(removal, 409, "pool.association.immutable");
        assertThat(ok(tenant.main().get("/api/v1/workspaces/" + workspaceId + "/resources")).size()).isEqualTo(2);
    }

    @Test
    void deletingAWorkspaceDropsItsAssociationsButKeepsTheQuota()
    {
        Tenant tenant = newTenant();
        String clusterId = newDedicatedCluster(tenant, 1);
        String workspaceId = workspace(tenant, false);
        String quotaId = created(tenant.main().post("/api/v1/quotas", with(quota(clusterId, ONE_CARD, 1, 1), "workspaceIds", List.of(workspaceId))))
                .path("id").asString();

        ApiClient.Response deleted = tenant.main().delete("/api/v1/workspaces/" + workspaceId);

        assertThat(deleted.status()).as("%s", deleted).isEqualTo(204);
        assertThat(ok(tenant.main().get("/api/v1/quotas/" + quotaId)).path("workspaceIds").size()).isZero();
    }

    @Test
    void onlyAdminsAssociateAndOtherTenantsFindNothing()
    {
        Tenant tenant = newTenant();
        Tenant other = newTenant();
        User ordinary = newUser(tenant);
        String clusterId = newDedicatedCluster(tenant, 1);
        String workspaceId = workspace(tenant, false);
        String quotaId = created(tenant.main().post("/api/v1/quotas", quota(clusterId, ONE_CARD, 1, 1))).path("id").asString();
        String otherWorkspaceId = workspace(other, false);

        assertProblem(ordinary.client().post("/api/v1/workspaces/" + workspaceId + "/resources", body("quotaIds", List.of(quotaId))), 403, "forbidden");
        assertProblem(other.main().get("/api/v1/workspaces/" + workspaceId + "/resources"), 404, "not-found");
        assertProblem(other.main().post("/api/v1/workspaces/" + otherWorkspaceId + "/resources", body("quotaIds", List.of(quotaId))), 404, "not-found");
        assertThat(ok(tenant.main().get("/api/v1/workspaces/" + workspaceId + "/resources")).size()).isZero();
    }

    @Test
    void theSchedulerSeesAWorkspacesPoolsWithTheirRules()
    {
        Tenant tenant = newTenant();
        String clusterId = newDedicatedCluster(tenant, 1);
        String workspaceId = workspace(tenant, false);
        String quotaId = created(tenant.main().post("/api/v1/quotas", body("clusterId", clusterId, "name", unique("quota-"), "workloadTypes", List.of("IDE"),
                "flavorName", FOUR_CARDS, "instanceCount", 2, "weight", 30, "borrowIdle", true, "exclusive", false,
                "workspaceIds", List.of(workspaceId)))).path("id").asString();

        List<CapacityPool> pools = capacityPools.ofWorkspace(tenant.id(), workspaceId);

        assertThat(pools).hasSize(1);
        CapacityPool pool = pools.get(0);
        assertThat(pool.id()).isEqualTo(quotaId);
        assertThat(pool.kind()).isEqualTo(PoolKind.QUOTA);
        assertThat(pool.capacity()).isEqualTo(new Resources(8, 170, 1400));
        assertThat(pool.weight()).isEqualTo(30);
        assertThat(pool.borrowIdle()).isTrue();
        assertThat(pool.exclusive()).isFalse();
        assertThat(pool.accepts(WorkloadType.IDE)).isTrue();
        assertThat(pool.accepts(WorkloadType.TRAINING)).isFalse();
        assertThat(pool.adminIds()).containsExactly(tenant.mainUserId());
        assertThat(capacityPools.ofCluster(clusterId)).extracting(CapacityPool::id).containsExactly(quotaId);
    }

    @Test
    void aNewWorkspaceUsesTheDefaultQueuesOnceTheTenantsAdminsShareThem()
    {
        Tenant tenant = newTenant();
        String workspaceId = workspace(tenant, false);
        JsonNode settings = ok(tenant.main().get("/api/v1/settings"));

        List<String> before = ok(tenant.main().get("/api/v1/workspaces/" + workspaceId + "/resources")).valueStream().map(item -> item.path("id").asString()).toList();
        JsonNode shared = ok(tenant.main().put("/api/v1/settings", body("maxConcurrentCards", 10_000, "maxCpuCores", 10_000, "initialParallelStorageGiB", 512,
                "defaultQueueForAllWorkspaces", true, "version", settings.path("version").asLong())));
        JsonNode after = ok(tenant.main().get("/api/v1/workspaces/" + workspaceId + "/resources"));
        // a client that predates the setting sends the limits only: the setting keeps its value
        JsonNode unchanged = ok(tenant.main().put("/api/v1/settings", body("maxConcurrentCards", 64, "maxCpuCores", 10_000, "initialParallelStorageGiB", 512,
                "version", shared.path("version").asLong())));

        assertThat(settings.path("defaultQueueForAllWorkspaces").asBoolean()).as("a tenant other than the embedded install's keeps the spec's rule").isFalse();
        assertThat(before).isEmpty();
        assertThat(after.valueStream().map(item -> item.path("isDefault").asBoolean())).isNotEmpty().containsOnly(true);
        assertThat(capacityPools.ofWorkspace(tenant.id(), workspaceId)).extracting(CapacityPool::isDefault).isNotEmpty().containsOnly(true);
        assertThat(unchanged.path("defaultQueueForAllWorkspaces").asBoolean()).isTrue();
        assertThat(ok(admin.get("/api/v1/settings")).path("defaultQueueForAllWorkspaces").asBoolean())
                .as("the embedded install's only tenant shares its default queues from the first start").isTrue();
    }

    @Test
    void workThatCanNeverFitItsQuotaIsRefusedAtOnceWithTheNumbers()
    {
        Tenant tenant = newTenant();
        String clusterId = newDedicatedCluster(tenant, 1);
        String workspaceId = workspace(tenant, false);
        JsonNode quota = created(tenant.main().post("/api/v1/quotas", with(quota(clusterId, ONE_CARD, 2, 1), "workspaceIds", List.of(workspaceId))));
        Map<String, Object> task = body("workspaceId", workspaceId, "name", unique("fit"), "framework", "PYTORCH", "mode", "DDP", "image", "python:3.12",
                "command", "true", "poolId", quota.path("id").asString(), "flavorName", ONE_CARD, "nodes", 3);

        ApiClient.Response refused = tenant.main().inLanguage("zh-CN").post("/api/v1/training-tasks", task);
        ApiClient.Response job = tenant.main().post("/api/v1/jobs", body("workspaceId", workspaceId, "name", unique("fit"), "command", "true",
                "poolId", quota.path("id").asString(), "flavorName", ONE_CARD, "nodes", 3));
        ApiClient.Response fits = tenant.main().post("/api/v1/training-tasks", with(task, "nodes", 2));

        assertThat(refused.fieldErrors()).containsExactly("nodes:runtime.pool.too-small.instances");
        assertThat(refused.json().path("errors").get(0).path("message").asString())
                .isEqualTo("需要 3 个实例，资源配额 " + quota.path("name").asString() + " 只有 2 个。");
        assertThat(job.fieldErrors()).containsExactly("nodes:runtime.pool.too-small.instances");
        assertThat(fits.status()).as("%s", fits).isEqualTo(201);
    }

    private String workspace(Tenant tenant, boolean isDefault)
    {
        if (!isDefault) {
            return created(tenant.main().post("/api/v1/workspaces", body("name", unique("ws")))).path("id").asString();
        }
        return ok(tenant.main().get("/api/v1/workspaces?size=200")).path("items").valueStream()
                .filter(workspace -> workspace.path("isDefault").asBoolean())
                .findFirst().orElseThrow().path("id").asString();
    }
}
