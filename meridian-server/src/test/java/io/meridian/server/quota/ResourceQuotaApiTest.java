package io.meridian.server.quota;

import io.meridian.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static io.meridian.server.quota.QueueApiTest.names;
import static io.meridian.server.quota.QueueApiTest.with;
import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

class ResourceQuotaApiTest
        extends QuotaTestSupport
{
    @Test
    void aQuotaHasTheSpecsDefaultsAndShowsWhatItMayBorrow()
    {
        Tenant tenant = newTenant();
        String clusterId = newDedicatedCluster(tenant, 2);
        JsonNode first = created(tenant.main().post("/api/v1/quotas", quota(clusterId, TWO_CARDS, 2, 7)));

        JsonNode quota = created(tenant.main().post("/api/v1/quotas", body("clusterId", clusterId, "name", unique("quota-"),
                "workloadTypes", List.of("IDE", "TRAINING"), "flavorName", FOUR_CARDS)));

        assertThat(quota.path("instanceCount").asInt()).isEqualTo(1);
        assertThat(quota.path("weight").asInt()).isEqualTo(1);
        assertThat(quota.path("borrowIdle").asBoolean()).isFalse();
        assertThat(quota.path("exclusive").asBoolean()).isTrue();
        assertThat(quota.path("schedulingPolicy").asString()).isEqualTo("FIFO");
        assertThat(quota.path("status").asString()).isEqualTo("RUNNING");
        assertThat(quota.path("capacity").path("cards").asInt()).isEqualTo(4);
        // cluster total (16) − unallocated (16 − 4 − 4) − own (4) = the other quota's 4 cards.
        assertThat(quota.path("maxBorrowableCards").asInt()).isEqualTo(4);
        assertThat(ok(tenant.main().get("/api/v1/quotas/" + first.path("id").asString())).path("maxBorrowableCards").asInt()).isEqualTo(4);
    }

    @Test
    void theDefaultClusterCannotUseQuotas()
    {
        Tenant tenant = newTenant();

        ApiClient.Response response = tenant.main().post("/api/v1/quotas", quota(localDefaultClusterId(), ONE_CARD, 1, 1));

        assertThat(response.fieldErrors()).contains("clusterId:quota.cluster.default");
    }

    @Test
    void quotasServeIdeAndTrainingOnlyWithGpuFlavorsOfOneTwoFourOrEightCards()
    {
        Tenant tenant = newTenant();
        String clusterId = newDedicatedCluster(tenant, 1);

        ApiClient.Response fineTuning = tenant.main().post("/api/v1/quotas", with(quota(clusterId, ONE_CARD, 1, 1), "workloadTypes", List.of("TRAINING", "FINE_TUNING")));
        ApiClient.Response cpuFlavor = tenant.main().post("/api/v1/quotas", quota(clusterId, CPU_FLAVOR, 1, 1));

        assertThat(fineTuning.fieldErrors()).containsExactly("workloadTypes:quota.workload-type.unsupported");
        assertThat(cpuFlavor.fieldErrors()).containsExactly("flavorName:quota.flavor.granularity");
    }

    @Test
    void aQuotaIsStrictFifoUnlessItAsksForBestEffortFifoAndNoOtherPolicy()
    {
        Tenant tenant = newTenant();
        String clusterId = newDedicatedCluster(tenant, 1);

        JsonNode bestEffort = created(tenant.main().post("/api/v1/quotas", with(quota(clusterId, ONE_CARD, 1, 1), "schedulingPolicy", "best_effort_fifo")));
        ApiClient.Response english = tenant.main().post("/api/v1/quotas", with(quota(clusterId, ONE_CARD, 1, 2), "schedulingPolicy", "PRIORITY"));
        ApiClient.Response chinese = tenant.main().inLanguage("zh-CN").post("/api/v1/quotas", with(quota(clusterId, ONE_CARD, 1, 2), "schedulingPolicy", "LIFO"));
        ApiClient.Response blank = tenant.main().post("/api/v1/quotas", with(quota(clusterId, ONE_CARD, 1, 2), "schedulingPolicy", " "));
        ok(tenant.main().post("/api/v1/quotas/" + bestEffort.path("id").asString() + "/stop", null));
        JsonNode strictAgain = ok(respec(tenant.main(), bestEffort, body("schedulingPolicy", "FIFO")));

        assertThat(bestEffort.path("schedulingPolicy").asString()).isEqualTo("BEST_EFFORT_FIFO");
        assertThat(english.fieldErrors()).containsExactly("schedulingPolicy:quota.scheduling-policy.unsupported");
        assertThat(english.json().path("errors").get(0).path("message").asString())
                .isEqualTo("'PRIORITY' is not a scheduling policy: use FIFO (strict first in, first out) or BEST_EFFORT_FIFO (first in, first out, best effort).");
        assertThat(chinese.fieldErrors()).containsExactly("schedulingPolicy:quota.scheduling-policy.unsupported");
        assertThat(chinese.json().path("errors").get(0).path("message").asString()).startsWith("“LIFO”不是调度策略");
        assertThat(blank.fieldErrors()).containsExactly("schedulingPolicy:quota.scheduling-policy.unsupported");
        assertThat(names(tenant.main().get("/api/v1/quotas?clusterId=" + clusterId))).as("nothing was created").hasSize(1);
        assertThat(strictAgain.path("schedulingPolicy").asString()).isEqualTo("FIFO");
    }

    @Test
    void namesAndDescriptionsFollowTheQuotaRules()
    {
        Tenant tenant = newTenant();
        String clusterId = newDedicatedCluster(tenant, 1);

        ApiClient.Response longDescription = tenant.main().post("/api/v1/quotas", with(quota(clusterId, ONE_CARD, 1, 1), "description", "d".repeat(129)));
        ApiClient.Response badName = tenant.main().post("/api/v1/quotas", with(quota(clusterId, ONE_CARD, 1, 1), "name", "no/slash"));
        ApiClient.Response longestDescription = tenant.main().post("/api/v1/quotas", with(quota(clusterId, ONE_CARD, 1, 1), "description", "d".repeat(128)));

        assertThat(longDescription.fieldErrors()).containsExactly("description:validation.max-length");
        assertThat(badName.fieldErrors()).containsExactly("name:validation.name.queue");
        created(longestDescription);
    }

    @Test
    void weightsAreOneToAHundredAndUniqueWithinACluster()
    {
        Tenant tenant = newTenant();
        String clusterId = newDedicatedCluster(tenant, 1);
        String otherClusterId = newDedicatedCluster(tenant, 1);
        created(tenant.main().post("/api/v1/quotas", quota(clusterId, ONE_CARD, 1, 50)));

        ApiClient.Response zero = tenant.main().post("/api/v1/quotas", quota(clusterId, ONE_CARD, 1, 0));
        ApiClient.Response tooHeavy = tenant.main().post("/api/v1/quotas", quota(clusterId, ONE_CARD, 1, 101));
        ApiClient.Response taken = tenant.main().post("/api/v1/quotas", quota(clusterId, ONE_CARD, 1, 50));
        ApiClient.Response otherCluster = tenant.main().post("/api/v1/quotas", quota(otherClusterId, ONE_CARD, 1, 50));
        ApiClient.Response heaviest = tenant.main().post("/api/v1/quotas", quota(clusterId, ONE_CARD, 1, 100));

        assertThat(zero.fieldErrors()).containsExactly("weight:validation.range");
        assertThat(tooHeavy.fieldErrors()).containsExactly("weight:validation.range");
        assertThat(taken.fieldErrors()).containsExactly("weight:quota.weight.taken");
        created(otherCluster);
        created(heaviest);
    }

    @Test
    void respecNeedsAStoppedQuotaAndKeepsTheCountBoundsAndTheWeightRule()
    {
        Tenant tenant = newTenant();
        String clusterId = newDedicatedCluster(tenant, 1);
        created(tenant.main().post("/api/v1/quotas", quota(clusterId, ONE_CARD, 2, 9)));
        JsonNode quota = created(tenant.main().post("/api/v1/quotas", quota(clusterId, ONE_CARD, 2, 10)));
        String id = quota.path("id").asString();

        ApiClient.Response whileRunning = respec(tenant.main(), quota, body("instanceCount", 3));
        ok(tenant.main().post("/api/v1/quotas/" + id + "/stop", null));
        usage.recordAdmitted(id, "task-a", new Resources(2, 42, 350));
        ApiClient.Response tooMany = respec(tenant.main(), quota, body("instanceCount", 7));
        ApiClient.Response belowUse = respec(tenant.main(), quota, body("instanceCount", 1));
        ApiClient.Response sameWeight = respec(tenant.main(), quota, body("weight", 9));
        JsonNode changed = ok(respec(tenant.main(), quota, body("instanceCount", 6, "weight", 80, "borrowIdle", true, "exclusive", false)));

        assertProblem(whileRunning, 409, "quota.respec.not-stopped");
        assertThat(tooMany.fieldErrors()).containsExactly("instanceCount:quota.instance-count.max");
        assertThat(belowUse.fieldErrors()).containsExactly("instanceCount:quota.instance-count.min");
        assertThat(sameWeight.fieldErrors()).containsExactly("weight:quota.weight.taken");
        assertThat(changed.path("instanceCount").asInt()).isEqualTo(6);
        assertThat(changed.path("weight").asInt()).isEqualTo(80);
        assertThat(changed.path("borrowIdle").asBoolean()).isTrue();
        assertThat(changed.path("exclusive").asBoolean()).isFalse();
        assertThat(changed.path("status").asString()).isEqualTo("STOPPED");
    }

    @Test
    void onlyAStoppedIdleQuotaCanBeDeleted()
    {
        Tenant tenant = newTenant();
        String clusterId = newDedicatedCluster(tenant, 1);
        String id = created(tenant.main().post("/api/v1/quotas", quota(clusterId, ONE_CARD, 1, 1))).path("id").asString();

        ApiClient.Response whileRunning = tenant.main().delete("/api/v1/quotas/" + id);
        ok(tenant.main().post("/api/v1/quotas/" + id + "/stop", null));
        usage.recordQueued(id, "waiting", new Resources(1, 21, 175));
        ApiClient.Response withTask = tenant.main().delete("/api/v1/quotas/" + id);
        usage.recordReleased(id, "waiting");

        assertProblem(whileRunning, 409, "quota.delete.not-stopped");
        assertProblem(withTask, 409, "quota.delete.unfinished");
        assertThat(tenant.main().delete("/api/v1/quotas/" + id).status()).isEqualTo(204);
        assertProblem(tenant.main().get("/api/v1/quotas/" + id), 404, "not-found");
    }

    @Test
    void onlyIamAdminsCreateQuotasAndOtherTenantsDoNotFindThem()
    {
        Tenant tenant = newTenant();
        Tenant other = newTenant();
        User ordinary = newUser(tenant);
        String clusterId = newDedicatedCluster(tenant, 1);
        JsonNode quota = created(tenant.main().post("/api/v1/quotas", quota(clusterId, ONE_CARD, 1, 1)));
        String id = quota.path("id").asString();

        assertProblem(ordinary.client().post("/api/v1/quotas", quota(clusterId, ONE_CARD, 1, 2)), 403, "forbidden");
        assertProblem(ordinary.client().post("/api/v1/quotas/" + id + "/stop", null), 403, "forbidden");
        assertProblem(other.main().get("/api/v1/quotas/" + id), 404, "not-found");
        assertProblem(other.main().post("/api/v1/quotas/" + id + "/respec", body("instanceCount", 1, "version", 0)), 404, "not-found");
        assertProblem(other.main().get("/api/v1/quotas/" + id + "/users"), 404, "not-found");
        assertThat(names(other.main().get("/api/v1/quotas?q=" + quota.path("name").asString()))).isEmpty();
        // A queue's id is not a quota's.
        assertProblem(tenant.main().get("/api/v1/queues/" + id), 404, "not-found");
    }

    @Test
    void aQuotaIsAssociatedWithNonDefaultWorkspacesOnlyAndListedByThem()
    {
        Tenant tenant = newTenant();
        String clusterId = newDedicatedCluster(tenant, 1);
        String workspaceId = created(tenant.main().post("/api/v1/workspaces", body("name", unique("ws")))).path("id").asString();
        String defaultWorkspaceId = defaultWorkspaceId(tenant);

        JsonNode quota = created(tenant.main().post("/api/v1/quotas", with(quota(clusterId, ONE_CARD, 1, 1), "workspaceIds", List.of(workspaceId))));
        ApiClient.Response toDefault = tenant.main().post("/api/v1/quotas", with(quota(clusterId, ONE_CARD, 1, 2), "workspaceIds", List.of(defaultWorkspaceId)));

        assertThat(quota.path("workspaceIds").valueStream().map(JsonNode::asString)).containsExactly(workspaceId);
        assertThat(toDefault.fieldErrors()).containsExactly("workspaceIds:quota.workspace.default");
        assertThat(names(tenant.main().get("/api/v1/quotas?workspaceId=" + workspaceId))).containsExactly(quota.path("name").asString());
    }

    protected String defaultWorkspaceId(Tenant tenant)
    {
        return ok(tenant.main().get("/api/v1/workspaces?size=200")).path("items").valueStream()
                .filter(workspace -> workspace.path("isDefault").asBoolean())
                .findFirst().orElseThrow().path("id").asString();
    }

    private static ApiClient.Response respec(ApiClient client, JsonNode quota, Map<String, Object> change)
    {
        JsonNode current = ok(client.get("/api/v1/quotas/" + quota.path("id").asString()));
        change.put("version", current.path("version").asLong());
        return client.post("/api/v1/quotas/" + quota.path("id").asString() + "/respec", change);
    }
}
