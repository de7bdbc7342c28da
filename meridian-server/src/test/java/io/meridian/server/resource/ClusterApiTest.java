package io.meridian.server.resource;

import io.meridian.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

class ClusterApiTest
        extends ResourceTestSupport
{
    @Test
    void aStandardClusterTakesTheSpecsDefaults()
    {
        JsonNode region = newRegion("zone-a", "zone-b");
        ApiClient tenantAdmin = newTenantAdmin();

        ApiClient.Response created = tenantAdmin.post("/api/v1/clusters", body("name", "训练_集群1", "regionId", id(region), "groupType", "STANDARD"));

        assertThat(created.status()).as("%s", created).isEqualTo(201);
        JsonNode cluster = created.json();
        assertThat(cluster.path("kind").asString()).isEqualTo("DEDICATED");
        assertThat(cluster.path("tenantId").asString()).isEqualTo(tenantAdmin.get("/api/v1/me").text("tenantId"));
        assertThat(cluster.path("zoneId").asString()).isEqualTo(zoneId(region, 0));
        assertThat(cluster.path("nodeTypes").valueStream().map(JsonNode::asString)).containsExactly("PHYSICAL", "CLOUD_HOST");
        assertThat(cluster.path("vendor").asString()).isEqualTo("nvidia");
        assertThat(cluster.path("backend").asString()).isEqualTo("local");
        assertThat(cluster.path("backendAvailable").asBoolean()).isTrue();
        assertThat(cluster.path("status").asString()).isEqualTo("RUNNING");
        assertThat(cluster.path("placementPolicy").asString()).isEqualTo("BINPACK");
        assertThat(cluster.path("nodeCount").asInt()).isZero();
        assertThat(cluster.path("version").asInt()).isZero();
    }

    @Test
    void everyFieldRuleIsReported()
    {
        JsonNode region = newRegion("zone-a");
        JsonNode otherRegion = newRegion("zone-x");

        assertThat(admin.post("/api/v1/clusters", body("name", "_starts_with_underscore", "regionId", id(region), "groupType", "EXTENDED")).fieldErrors())
                .containsExactly("name:validation.length");
        assertThat(admin.post("/api/v1/clusters", body("name", "_c", "regionId", id(region), "groupType", "EXTENDED")).fieldErrors())
                .containsExactly("name:validation.name.cluster");
        assertThat(admin.post("/api/v1/clusters", body("name", "has-hyphen", "regionId", id(region), "groupType", "EXTENDED")).fieldErrors())
                .containsExactly("name:validation.name.cluster");
        assertThat(admin.post("/api/v1/clusters", body("regionId", id(region))).fieldErrors())
                .containsExactlyInAnyOrder("name:validation.required", "groupType:validation.required");
        assertThat(admin.post("/api/v1/clusters", body("name", "c1", "regionId", "rg-missing", "groupType", "HUGE", "vendor", "amd",
                "backend", "mesos", "placementPolicy", "RANDOM", "description", "x".repeat(301))).fieldErrors())
                .containsExactlyInAnyOrder("regionId:resource.region.unknown", "groupType:resource.value.one-of", "vendor:resource.value.one-of",
                        "backend:resource.value.one-of", "placementPolicy:resource.value.one-of", "description:validation.max-length");
        assertThat(admin.post("/api/v1/clusters", body("name", "c1", "regionId", id(region), "zoneId", zoneId(otherRegion, 0), "groupType", "EXTENDED")).fieldErrors())
                .containsExactly("zoneId:resource.zone.not-in-region");
        assertThat(admin.post("/api/v1/clusters", body("name", "c1", "regionId", id(region), "groupType", "STANDARD", "schedulingPolicies", List.of("DRF"))).fieldErrors())
                .containsExactly("schedulingPolicies:resource.cluster.scheduling-policies.extended-only");
        assertThat(admin.post("/api/v1/clusters", body("name", "c1", "regionId", id(region), "groupType", "EXTENDED", "schedulingPolicies", List.of("FIFO"))).fieldErrors())
                .containsExactly("schedulingPolicies:resource.value.one-of");
        assertThat(admin.post("/api/v1/clusters", body("name", "c1", "regionId", id(region), "groupType", "EXTENDED", "nodeTypes", List.of("PHYSICAL", "CLOUD_HOST"))).fieldErrors())
                .containsExactly("nodeTypes:resource.cluster.node-types.extended-single");
        assertThat(admin.post("/api/v1/clusters", body("name", "c1", "regionId", id(region), "groupType", "STANDARD", "nodeTypes", List.of("CLOUD_HOST"),
                "networkTopologyAffinity", true)).fieldErrors())
                .containsExactly("networkTopologyAffinity:resource.cluster.topology-affinity.physical-only");
    }

    @Test
    void anExtendedClusterKeepsItsSchedulingPoliciesAndPlacement()
    {
        ApiClient.Response created = admin.post("/api/v1/clusters", body("name", unique("c"), "regionId", id(newRegion("zone-a")), "groupType", "EXTENDED",
                "vendor", "ascend", "schedulingPolicies", List.of("Gang", "DRF", "GANG"), "placementPolicy", "spread", "networkTopologyAffinity", true,
                "description", "x".repeat(300)));

        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(created.json().path("schedulingPolicies").valueStream().map(JsonNode::asString)).containsExactly("GANG", "DRF");
        assertThat(created.text("placementPolicy")).isEqualTo("SPREAD");
        assertThat(created.json().path("networkTopologyAffinity").asBoolean()).isTrue();
        assertThat(created.json().path("nodeTypes").valueStream().map(JsonNode::asString)).containsExactly("PHYSICAL");
        assertThat(created.text("vendor")).isEqualTo("ascend");
    }

    @Test
    void namesAreUniquePerTenantAndRegion()
    {
        JsonNode region = newRegion("zone-a");
        ApiClient tenantAdmin = newTenantAdmin();
        String name = unique("c");
        assertThat(tenantAdmin.post("/api/v1/clusters", body("name", name, "regionId", id(region), "groupType", "EXTENDED")).status()).isEqualTo(201);

        ApiClient.Response sameTenant = tenantAdmin.post("/api/v1/clusters", body("name", name.toUpperCase(java.util.Locale.ROOT), "regionId", id(region), "groupType", "STANDARD"));
        ApiClient.Response otherTenant = newTenantAdmin().post("/api/v1/clusters", body("name", name, "regionId", id(region), "groupType", "EXTENDED"));
        ApiClient.Response otherRegion = tenantAdmin.post("/api/v1/clusters", body("name", name, "regionId", id(newRegion("zone-a")), "groupType", "EXTENDED"));

        assertThat(sameTenant.fieldErrors()).containsExactly("name:resource.cluster.name.taken");
        assertThat(otherTenant.status()).isEqualTo(201);
        assertThat(otherRegion.status()).isEqualTo(201);
    }

    @Test
    void unavailableBackendsAreReportedPlainly()
    {
        JsonNode region = newRegion("zone-a");
        ApiClient tenantAdmin = newTenantAdmin();

        ApiClient.Response kubernetes = tenantAdmin.post("/api/v1/clusters", body("name", unique("k"), "regionId", id(region), "groupType", "EXTENDED", "backend", "kubernetes"));
        ApiClient.Response kubernetesZh = tenantAdmin.inLanguage("zh-CN").get("/api/v1/clusters/" + kubernetes.text("id"));

        assertThat(kubernetes.status()).isEqualTo(201);
        assertThat(kubernetes.json().path("backendAvailable").asBoolean()).isFalse();
        assertThat(kubernetes.text("backendMessage")).isEqualTo("The kubernetes backend is not available in this version of Meridian");
        assertThat(kubernetes.text("status")).isEqualTo("CONFIG_FAILED");
        assertThat(kubernetesZh.text("backendMessage")).isEqualTo("当前版本的 Meridian 不支持 kubernetes 后端");

        ApiClient.Response nodes = tenantAdmin.post("/api/v1/nodes", body("clusterId", kubernetes.text("id"), "specId", "physical.h7ns.4xlarge3", "names", List.of(unique("n-"))));
        assertThat(nodes.status()).isEqualTo(409);
        assertThat(nodes.text("code")).isEqualTo("resource.cluster.backend-unavailable");
        assertThat(tenantAdmin.delete("/api/v1/clusters/" + kubernetes.text("id")).status()).isEqualTo(200);
    }

    @Test
    void aSlurmClusterTakesAValidatedConnectionWhoseTokenIsStoredEncryptedAndNeverShown()
    {
        JsonNode region = newRegion("zone-a");
        ApiClient tenantAdmin = newTenantAdmin();
        String token = "eyJhbGciOiJIUzI1NiJ9.eyJzdW4iOiJtZXJpZGlhbiJ9.c2VjcmV0LXNpZ25hdHVyZQ";

        ApiClient.Response noConnection = tenantAdmin.post("/api/v1/clusters", body("name", unique("s"), "regionId", id(region), "groupType", "EXTENDED", "backend", "slurm"));
        ApiClient.Response badFields = tenantAdmin.inLanguage("zh-CN").post("/api/v1/clusters", body("name", unique("s"), "regionId", id(region), "groupType", "EXTENDED",
                "backend", "slurm", "connection", body("url", "ftp://slurm-head:6820", "user", "bad user", "token", "has spaces")));
        ApiClient.Response missing = tenantAdmin.post("/api/v1/clusters", body("name", unique("s"), "regionId", id(region), "groupType", "EXTENDED",
                "backend", "slurm", "connection", body("url", "http://user:pw@slurm-head:6820")));
        ApiClient.Response notSlurm = tenantAdmin.post("/api/v1/clusters", body("name", unique("k"), "regionId", id(region), "groupType", "EXTENDED",
                "backend", "local", "connection", body("url", "http://slurm-head:6820", "user", "meridian", "token", token)));

        assertThat(noConnection.status()).isEqualTo(400);
        assertThat(noConnection.fieldErrors()).containsExactly("connection:resource.cluster.connection.required");
        assertThat(badFields.status()).isEqualTo(400);
        assertThat(badFields.fieldErrors()).containsExactlyInAnyOrder("connection.url:resource.cluster.connection.url-scheme",
                "connection.user:resource.cluster.connection.user", "connection.token:resource.cluster.connection.token");
        assertThat(badFields.toString()).contains("slurmrestd 的 URL 须以 http:// 或 https:// 开头");
        assertThat(missing.fieldErrors()).containsExactlyInAnyOrder("connection.url:resource.cluster.connection.url",
                "connection.user:validation.required", "connection.token:validation.required");
        assertThat(notSlurm.fieldErrors()).containsExactly("connection:resource.cluster.connection.not-applicable");
        assertThat(tenantAdmin.get("/api/v1/clusters?regionId=" + id(region)).json().path("total").asLong()).isZero();

        ApiClient.Response slurm = tenantAdmin.post("/api/v1/clusters", body("name", unique("s"), "regionId", id(region), "groupType", "EXTENDED",
                "backend", "slurm", "connection", body("url", "https://slurm-head.example:6820/", "user", "meridian", "token", token)));
        assertThat(slurm.status()).as(slurm.toString()).isEqualTo(201);
        assertThat(slurm.json().path("backendAvailable").asBoolean()).isTrue();
        assertThat(slurm.text("status")).isEqualTo("RUNNING");
        assertThat(slurm.json().path("connection").path("url").asString()).isEqualTo("https://slurm-head.example:6820");
        assertThat(slurm.json().path("connection").path("user").asString()).isEqualTo("meridian");
        assertThat(slurm.json().path("connection").path("tokenSet").asBoolean()).isTrue();
        assertThat(slurm.toString()).doesNotContain(token);
        assertThat(tenantAdmin.get("/api/v1/clusters/" + slurm.text("id")).toString()).doesNotContain(token);
        assertThat(tenantAdmin.get("/api/v1/clusters?regionId=" + id(region)).toString()).contains("slurm-head.example").doesNotContain(token);

        String stored = jdbc.sql("SELECT token_encrypted FROM cluster_connections WHERE cluster_id = ?").param(slurm.text("id")).query(String.class).single();
        assertThat(stored).startsWith("v1:").doesNotContain(token).doesNotContain("c2VjcmV0LXNpZ25hdHVyZQ");
    }

    @Test
    void anotherTenantsDedicatedClusterIsNotFound()
    {
        JsonNode cluster = createCluster(newTenantAdmin(), localRegion(), "nvidia");
        ApiClient otherAdmin = newTenantAdmin();

        assertThat(otherAdmin.get("/api/v1/clusters/" + id(cluster)).status()).isEqualTo(404);
        assertThat(otherAdmin.put("/api/v1/clusters/" + id(cluster), body("description", "mine", "version", 0)).status()).isEqualTo(404);
        assertThat(otherAdmin.delete("/api/v1/clusters/" + id(cluster)).status()).isEqualTo(404);
        assertThat(otherAdmin.get("/api/v1/clusters?size=200").json().path("items").valueStream().map(ResourceTestSupport::id)).doesNotContain(id(cluster));
        assertThat(otherAdmin.get("/api/v1/clusters?size=200").json().path("items").valueStream().map(ResourceTestSupport::id))
                .contains(id(localDefaultCluster()));
    }

    @Test
    void theOperatorCreatesDedicatedClustersForAnyTenant()
    {
        ApiClient tenantAdmin = newTenantAdmin();
        String tenantId = tenantAdmin.get("/api/v1/me").text("tenantId");

        ApiClient.Response created = admin.post("/api/v1/clusters", body("name", unique("c"), "tenantId", tenantId, "regionId", id(localRegion()), "groupType", "EXTENDED"));
        ApiClient.Response byTenant = tenantAdmin.post("/api/v1/clusters", body("name", unique("c"), "tenantId", "tn-someone-else", "regionId", id(localRegion()), "groupType", "EXTENDED"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(tenantAdmin.get("/api/v1/clusters/" + created.text("id")).text("tenantId")).isEqualTo(tenantId);
        assertThat(byTenant.status()).isEqualTo(403);
    }

    @Test
    void onlyTheOperatorCreatesTheOneDefaultClusterOfARegion()
    {
        JsonNode region = newRegion("zone-a");
        ApiClient tenantAdmin = newTenantAdmin();

        ApiClient.Response byTenant = tenantAdmin.post("/api/v1/clusters", body("name", "shared", "kind", "DEFAULT", "regionId", id(region), "groupType", "EXTENDED"));
        ApiClient.Response first = admin.post("/api/v1/clusters", body("name", "shared", "kind", "DEFAULT", "regionId", id(region), "groupType", "EXTENDED"));
        ApiClient.Response second = admin.post("/api/v1/clusters", body("name", "shared2", "kind", "DEFAULT", "regionId", id(region), "groupType", "EXTENDED"));

        assertThat(byTenant.status()).isEqualTo(403);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().path("tenantId").isNull()).isTrue();
        assertThat(first.json().path("vendor").isNull()).isTrue();
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.text("code")).isEqualTo("resource.cluster.default-exists");
        assertThat(tenantAdmin.get("/api/v1/clusters/" + first.text("id")).status()).isEqualTo(200);
        assertThat(tenantAdmin.put("/api/v1/clusters/" + first.text("id"), body("description", "mine", "version", 0)).status()).isEqualTo(403);
        assertThat(tenantAdmin.delete("/api/v1/clusters/" + first.text("id")).status()).isEqualTo(403);
    }

    @Test
    void updatesCarryTheVersionTheyWereBasedOn()
    {
        ApiClient tenantAdmin = newTenantAdmin();
        JsonNode cluster = createCluster(tenantAdmin, localRegion(), "nvidia");

        ApiClient.Response updated = tenantAdmin.put("/api/v1/clusters/" + id(cluster), body("description", "for training", "placementPolicy", "SPREAD",
                "schedulingPolicies", List.of("DRF"), "version", 0));
        ApiClient.Response stale = tenantAdmin.put("/api/v1/clusters/" + id(cluster), body("description", "stale", "version", 0));
        ApiClient.Response noVersion = tenantAdmin.put("/api/v1/clusters/" + id(cluster), body("description", "none"));

        assertThat(updated.status()).as("%s", updated).isEqualTo(200);
        assertThat(updated.text("description")).isEqualTo("for training");
        assertThat(updated.text("placementPolicy")).isEqualTo("SPREAD");
        assertThat(updated.json().path("version").asInt()).isEqualTo(1);
        assertThat(updated.text("name")).isEqualTo(cluster.path("name").asString());
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.text("code")).isEqualTo("conflict.version");
        assertThat(noVersion.fieldErrors()).containsExactly("version:validation.required");
    }

    @Test
    void aClusterWithNodesCannotBeDeletedUntilTheyAreUnbound()
    {
        ApiClient tenantAdmin = newTenantAdmin();
        JsonNode cluster = createCluster(tenantAdmin, localRegion(), "nvidia");
        JsonNode node = createNodes(tenantAdmin, cluster, "physical.h7ns.4xlarge3", 1).getFirst();

        ApiClient.Response refused = tenantAdmin.delete("/api/v1/clusters/" + id(cluster));
        tenantAdmin.post("/api/v1/nodes/" + id(node) + "/unbind", null);
        ApiClient.Response deleted = tenantAdmin.delete("/api/v1/clusters/" + id(cluster));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("code")).isEqualTo("resource.cluster.has-nodes");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(tenantAdmin.get("/api/v1/clusters/" + id(cluster)).status()).isEqualTo(404);
    }
}
