package io.meridian.server.resource;

import io.meridian.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/** The resource-group quota (资源组配额, 002 §4.2.1.1): 10 dedicated clusters of each type per region, 1..50 by the operator. */
class ClusterQuotaApiTest
        extends ResourceTestSupport
{
    @Test
    void aTenantMayHoldTenOfEachTypePerRegionByDefault()
    {
        JsonNode region = newRegion("zone-a");
        ApiClient tenantAdmin = newTenantAdmin();

        JsonNode fresh = quota(tenantAdmin, region);
        assertThat(fresh.path("custom").asBoolean()).isFalse();
        assertThat(type(fresh, "STANDARD")).isEqualTo(List.of(10L, 0L, 10L));
        assertThat(type(fresh, "EXTENDED")).isEqualTo(List.of(10L, 0L, 10L));

        createClusters(tenantAdmin, region, "EXTENDED", 10);
        JsonNode full = quota(tenantAdmin, region);
        assertThat(type(full, "EXTENDED")).as("limit, used, remaining").isEqualTo(List.of(10L, 10L, 0L));
        assertThat(type(full, "STANDARD")).isEqualTo(List.of(10L, 0L, 10L));
    }

    @Test
    void theEleventhClusterOfATypeIsRefusedAndNothingIsCreated()
    {
        JsonNode region = newRegion("zone-a");
        ApiClient tenantAdmin = newTenantAdmin();
        createClusters(tenantAdmin, region, "EXTENDED", 10);
        String name = unique("c");

        ApiClient.Response refused = tenantAdmin.post("/api/v1/clusters", body("name", name, "regionId", id(region), "groupType", "EXTENDED"));
        ApiClient.Response refusedInChinese = tenantAdmin.inLanguage("zh-CN").post("/api/v1/clusters", body("name", name, "regionId", id(region), "groupType", "EXTENDED"));

        assertThat(refused.status()).as("%s", refused).isEqualTo(409);
        assertThat(refused.text("code")).isEqualTo("resource.cluster.quota-exceeded");
        assertThat(refused.text("detail")).isEqualTo("The region '" + region.path("name").asString()
                + "' already holds the 10 extended resource groups your quota allows; ask the platform operator to raise the quota for more.");
        assertThat(refusedInChinese.text("detail")).isEqualTo("该资源池“" + region.path("name").asString() + "”的扩展资源组已达上限 10 个，如需更多请联系平台运营人员提高配额。");
        assertThat(clusterNames(tenantAdmin, region)).hasSize(10).doesNotContain(name);
        // the other type, and the same type in another region, have quotas of their own
        assertThat(tenantAdmin.post("/api/v1/clusters", body("name", name, "regionId", id(region), "groupType", "STANDARD")).status()).isEqualTo(201);
        assertThat(tenantAdmin.post("/api/v1/clusters", body("name", name, "regionId", id(newRegion("zone-a")), "groupType", "EXTENDED")).status()).isEqualTo(201);
    }

    @Test
    void theOperatorRaisesATenantsQuotaInPlaceOfATicket()
    {
        JsonNode region = newRegion("zone-a");
        ApiClient tenantAdmin = newTenantAdmin();
        createClusters(tenantAdmin, region, "STANDARD", 10);

        ApiClient.Response raised = admin.put(quotaPath(region, tenantAdmin), body("standard", 12, "extended", 10));

        assertThat(raised.status()).as("%s", raised).isEqualTo(200);
        assertThat(raised.json().path("custom").asBoolean()).isTrue();
        assertThat(type(raised.json(), "STANDARD")).isEqualTo(List.of(12L, 10L, 2L));
        assertThat(type(quota(tenantAdmin, region), "STANDARD")).isEqualTo(List.of(12L, 10L, 2L));
        createClusters(tenantAdmin, region, "STANDARD", 2);
        ApiClient.Response thirteenth = tenantAdmin.post("/api/v1/clusters", body("name", unique("c"), "regionId", id(region), "groupType", "STANDARD"));
        assertThat(thirteenth.status()).isEqualTo(409);
        assertThat(thirteenth.text("detail")).contains("the 12 standard resource groups");

        // a later change carries the version it was read at
        ApiClient.Response stale = admin.put(quotaPath(region, tenantAdmin), body("standard", 20, "extended", 10, "version", 1));
        ApiClient.Response changed = admin.put(quotaPath(region, tenantAdmin), body("standard", 20, "extended", 10, "version", 0));
        assertThat(stale.text("code")).isEqualTo("conflict.version");
        assertThat(changed.status()).as("%s", changed).isEqualTo(200);
        assertThat(changed.json().path("version").asLong()).isEqualTo(1);
        assertThat(admin.get(quotaPath(region, tenantAdmin)).json().path("quotas").get(0).path("limit").asLong()).isEqualTo(20);
    }

    @Test
    void aLimitIsBetweenOneAndFifty()
    {
        JsonNode region = newRegion("zone-a");
        ApiClient tenantAdmin = newTenantAdmin();

        assertThat(admin.put(quotaPath(region, tenantAdmin), body("standard", 0, "extended", 51)).fieldErrors())
                .containsExactlyInAnyOrder("standard:validation.range", "extended:validation.range");
        assertThat(admin.put(quotaPath(region, tenantAdmin), body("extended", 10)).fieldErrors()).containsExactly("standard:validation.required");
        assertThat(quota(tenantAdmin, region).path("custom").asBoolean()).as("nothing was stored").isFalse();

        ApiClient.Response bounds = admin.put(quotaPath(region, tenantAdmin), body("standard", 1, "extended", 50));
        assertThat(bounds.status()).as("%s", bounds).isEqualTo(200);
        assertThat(type(bounds.json(), "STANDARD").getFirst()).isEqualTo(1);
        assertThat(type(bounds.json(), "EXTENDED").getFirst()).isEqualTo(50);
    }

    @Test
    void aQuotaCannotBeLoweredBelowWhatTheTenantHolds()
    {
        JsonNode region = newRegion("zone-a");
        ApiClient tenantAdmin = newTenantAdmin();
        createClusters(tenantAdmin, region, "EXTENDED", 3);

        ApiClient.Response refused = admin.put(quotaPath(region, tenantAdmin), body("standard", 5, "extended", 2));
        ApiClient.Response refusedInChinese = admin.inLanguage("zh-CN").put(quotaPath(region, tenantAdmin), body("standard", 5, "extended", 2));
        ApiClient.Response toWhatItHolds = admin.put(quotaPath(region, tenantAdmin), body("standard", 1, "extended", 3));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("code")).isEqualTo("resource.cluster.quota-below-held");
        assertThat(refused.text("detail")).isEqualTo("The tenant already holds 3 extended resource groups in the region '" + region.path("name").asString()
                + "'; the quota cannot be lowered to 2.");
        assertThat(refusedInChinese.text("detail")).isEqualTo("该租户在资源池“" + region.path("name").asString() + "”中已有 3 个扩展资源组，配额不能降低到 2 个。");
        assertThat(toWhatItHolds.status()).as("%s", toWhatItHolds).isEqualTo(200);
        assertThat(type(toWhatItHolds.json(), "EXTENDED")).isEqualTo(List.of(3L, 3L, 0L));
        assertThat(tenantAdmin.post("/api/v1/clusters", body("name", unique("c"), "regionId", id(region), "groupType", "EXTENDED")).status()).isEqualTo(409);
    }

    @Test
    void onlyTheOperatorSetsQuotasAndAdminsReadTheirOwn()
    {
        JsonNode region = newRegion("zone-a");
        ApiClient tenantAdmin = newTenantAdmin();
        ApiClient secondaryAdmin = newUser(tenantAdmin, secondaryAdminGroup(tenantAdmin));
        ApiClient ordinaryUser = newUser(tenantAdmin, null);

        assertThat(tenantAdmin.put(quotaPath(region, tenantAdmin), body("standard", 50, "extended", 50)).status()).isEqualTo(403);
        assertThat(secondaryAdmin.put(quotaPath(region, tenantAdmin), body("standard", 50, "extended", 50)).status()).isEqualTo(403);
        assertThat(tenantAdmin.get(quotaPath(region, tenantAdmin)).status()).isEqualTo(403);
        assertThat(secondaryAdmin.get("/api/v1/clusters/quota?regionId=" + id(region)).status()).isEqualTo(200);
        assertThat(ordinaryUser.get("/api/v1/clusters/quota?regionId=" + id(region)).status()).isEqualTo(403);

        assertThat(admin.put("/api/v1/regions/" + id(region) + "/cluster-quotas/tn-missing", body("standard", 12, "extended", 12)).status()).isEqualTo(404);
        assertThat(admin.put("/api/v1/regions/rg-missing/cluster-quotas/" + tenantId(tenantAdmin), body("standard", 12, "extended", 12)).status()).isEqualTo(404);
        assertThat(tenantAdmin.get("/api/v1/clusters/quota?regionId=rg-missing").status()).isEqualTo(404);
        assertThat(tenantAdmin.get("/api/v1/clusters/quota").fieldErrors()).containsExactly("regionId:validation.required");
    }

    @Test
    void eachTenantSeesItsOwnQuotaAndDefaultClustersDoNotCount()
    {
        JsonNode region = newRegion("zone-a");
        ApiClient tenantAdmin = newTenantAdmin();
        ApiClient otherAdmin = newTenantAdmin();
        createClusters(tenantAdmin, region, "EXTENDED", 2);
        assertThat(admin.put(quotaPath(region, tenantAdmin), body("standard", 30, "extended", 40)).status()).isEqualTo(200);
        assertThat(admin.post("/api/v1/clusters", body("name", "shared", "kind", "DEFAULT", "regionId", id(region), "groupType", "EXTENDED")).status()).isEqualTo(201);

        JsonNode own = quota(tenantAdmin, region);
        JsonNode other = quota(otherAdmin, region);

        assertThat(own.path("tenantId").asString()).isEqualTo(tenantId(tenantAdmin));
        assertThat(type(own, "EXTENDED")).isEqualTo(List.of(40L, 2L, 38L));
        assertThat(other.path("tenantId").asString()).isEqualTo(tenantId(otherAdmin));
        assertThat(other.path("custom").asBoolean()).isFalse();
        assertThat(type(other, "EXTENDED")).isEqualTo(List.of(10L, 0L, 10L));
        assertThat(type(other, "STANDARD")).isEqualTo(List.of(10L, 0L, 10L));
    }

    @Test
    void clustersTheOperatorCreatesForATenantCountAgainstItsQuota()
    {
        JsonNode region = newRegion("zone-a");
        ApiClient tenantAdmin = newTenantAdmin();
        assertThat(admin.put(quotaPath(region, tenantAdmin), body("standard", 1, "extended", 10)).status()).isEqualTo(200);

        ApiClient.Response first = admin.post("/api/v1/clusters", body("name", unique("c"), "tenantId", tenantId(tenantAdmin), "regionId", id(region), "groupType", "STANDARD"));
        ApiClient.Response second = admin.post("/api/v1/clusters", body("name", unique("c"), "tenantId", tenantId(tenantAdmin), "regionId", id(region), "groupType", "STANDARD"));

        assertThat(first.status()).as("%s", first).isEqualTo(201);
        assertThat(second.text("code")).isEqualTo("resource.cluster.quota-exceeded");
        assertThat(type(quota(tenantAdmin, region), "STANDARD")).isEqualTo(List.of(1L, 1L, 0L));
    }

    @Test
    void concurrentCreatesDoNotOvershootTheQuota()
    {
        JsonNode region = newRegion("zone-a");
        ApiClient tenantAdmin = newTenantAdmin();
        assertThat(admin.put(quotaPath(region, tenantAdmin), body("standard", 2, "extended", 10)).status()).isEqualTo(200);
        createClusters(tenantAdmin, region, "STANDARD", 1);

        List<Integer> statuses;
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<CompletableFuture<ApiClient.Response>> creates = IntStream.range(0, 4)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> tenantAdmin.post("/api/v1/clusters", body("name", unique("p") + i, "regionId", id(region), "groupType", "STANDARD")), threads))
                    .toList();
            statuses = creates.stream().map(CompletableFuture::join).map(ApiClient.Response::status).toList();
        }

        assertThat(statuses).as("one of the four takes the last slot, the others are refused").containsExactlyInAnyOrder(201, 409, 409, 409);
        assertThat(clusterNames(tenantAdmin, region)).hasSize(2);
    }

    private static JsonNode quota(ApiClient client, JsonNode region)
    {
        ApiClient.Response response = client.get("/api/v1/clusters/quota?regionId=" + id(region));
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        assertThat(response.text("regionId")).isEqualTo(id(region));
        return response.json();
    }

    /** A type's limit, used and remaining. */
    private static List<Long> type(JsonNode quota, String type)
    {
        JsonNode entry = quota.path("quotas").valueStream().filter(q -> q.path("type").asString().equals(type)).findFirst().orElseThrow();
        return List.of(entry.path("limit").asLong(), entry.path("used").asLong(), entry.path("remaining").asLong());
    }

    private static String quotaPath(JsonNode region, ApiClient tenantAdmin)
    {
        return "/api/v1/regions/" + id(region) + "/cluster-quotas/" + tenantId(tenantAdmin);
    }

    private static String tenantId(ApiClient client)
    {
        return client.get("/api/v1/me").text("tenantId");
    }

    private static void createClusters(ApiClient client, JsonNode region, String groupType, int count)
    {
        for (int i = 0; i < count; i++) {
            ApiClient.Response created = client.post("/api/v1/clusters", body("name", unique("q") + i, "regionId", id(region), "groupType", groupType));
            assertThat(created.status()).as("cluster %s: %s", i + 1, created).isEqualTo(201);
        }
    }

    private static List<String> clusterNames(ApiClient client, JsonNode region)
    {
        return client.get("/api/v1/clusters?kind=DEDICATED&size=200&regionId=" + id(region)).json().path("items").valueStream()
                .map(cluster -> cluster.path("name").asString())
                .toList();
    }

    /** A user of the tenant, in the group when one is given. */
    private ApiClient newUser(ApiClient iamAdmin, String groupId)
    {
        String username = unique("u");
        ApiClient.Response created = iamAdmin.post("/api/v1/users", body("username", username, "password", PASSWORD, "groupIds", groupId == null ? List.of() : List.of(groupId)));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return loginAs(username, PASSWORD);
    }

    private static String secondaryAdminGroup(ApiClient iamAdmin)
    {
        ApiClient.Response group = iamAdmin.post("/api/v1/user-groups", body("name", unique("group"), "description", "secondary admins"));
        assertThat(group.status()).as("%s", group).isEqualTo(201);
        ApiClient.Response granted = iamAdmin.post("/api/v1/user-groups/" + group.text("id") + "/policies",
                body("policyIds", List.of("pol-secondary-admin"), "scope", "GLOBAL"));
        assertThat(granted.status()).as("%s", granted).isEqualTo(201);
        return group.text("id");
    }
}
