package io.meridian.server.resource;

import io.meridian.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class NodeApiTest
        extends ResourceTestSupport
{
    private static final String A800 = "physical.h7ns.4xlarge3";
    private static final String ASCEND = "physical.acas910b.2xlarge1";

    @Autowired
    ClusterDirectory directory;

    @Autowired
    NodeInventory inventory;

    @Test
    void createdNodesAreBoundReadyAndSayTheirDevicesAreVirtual()
    {
        ApiClient tenantAdmin = newTenantAdmin();
        JsonNode cluster = createCluster(tenantAdmin, localRegion(), "nvidia");

        List<JsonNode> nodes = createNodes(tenantAdmin, cluster, A800, 2);

        assertThat(nodes).hasSize(2).allSatisfy(node -> {
            assertThat(node.path("clusterId").asString()).isEqualTo(id(cluster));
            assertThat(node.path("source").asString()).isEqualTo("CREATED");
            assertThat(node.path("bindingStatus").asString()).isEqualTo("BOUND");
            assertThat(node.path("status").asString()).isEqualTo("READY");
            assertThat(node.path("virtualDevices").asBoolean()).isTrue();
            assertThat(node.path("deviceModel").asString()).isEqualTo("A800");
            assertThat(node.path("deviceCount").asInt()).isEqualTo(8);
            assertThat(node.path("cpuCores").asInt()).isEqualTo(128);
            assertThat(node.path("memoryGiB").asInt()).isEqualTo(1024);
            assertThat(node.path("zoneId").asString()).isEqualTo(cluster.path("zoneId").asString());
        });
        assertThat(directory.capacity(id(cluster))).isEqualTo(new ClusterCapacity(Map.of("A800", 16), 224, 1600));
    }

    @Test
    void creationRulesAreReported()
    {
        ApiClient tenantAdmin = newTenantAdmin();
        JsonNode cluster = createCluster(tenantAdmin, localRegion(), "nvidia");
        String clusterId = id(cluster);
        List<String> tooMany = IntStream.rangeClosed(1, 51).mapToObj(i -> "n" + i).toList();
        String taken = createNodes(tenantAdmin, cluster, A800, 1).getFirst().path("name").asString();

        assertThat(tenantAdmin.post("/api/v1/nodes", body("clusterId", clusterId, "specId", A800, "names", tooMany)).fieldErrors())
                .containsExactly("names:validation.batch.size");
        assertThat(tenantAdmin.post("/api/v1/nodes", body("clusterId", clusterId, "specId", A800, "names", List.of("a", "A", "bad name"))).fieldErrors())
                .containsExactlyInAnyOrder("names:resource.node.name.duplicate", "names:validation.name.node");
        assertThat(tenantAdmin.post("/api/v1/nodes", body("clusterId", clusterId, "specId", ASCEND, "names", List.of(unique("n-")))).fieldErrors())
                .containsExactly("specId:resource.spec.vendor-mismatch");
        assertThat(tenantAdmin.post("/api/v1/nodes", body("clusterId", clusterId, "specId", "pi7.4xlarge.4", "names", List.of(unique("n-")))).fieldErrors())
                .containsExactly("specId:resource.spec.node-type");
        assertThat(tenantAdmin.post("/api/v1/nodes", body("clusterId", clusterId, "specId", "no.such.spec", "names", List.of(unique("n-")))).fieldErrors())
                .containsExactly("specId:resource.spec.unknown");
        assertThat(tenantAdmin.post("/api/v1/nodes", body("clusterId", clusterId, "specId", A800, "names", List.of(taken))).fieldErrors())
                .containsExactly("names:resource.node.name.taken");
        assertThat(tenantAdmin.post("/api/v1/nodes", body("specId", A800)).fieldErrors())
                .containsExactlyInAnyOrder("clusterId:validation.required", "names:validation.required");
        assertThat(tenantAdmin.post("/api/v1/nodes", body("clusterId", clusterId, "specId", A800, "names", List.of(unique("n-")),
                "labels", Map.of("bad key!", "v"), "taints", List.of("no-effect"))).fieldErrors())
                .containsExactlyInAnyOrder("labels:resource.node.label.key", "taints:resource.node.taint");
    }

    @Test
    void unbindNeedsABindingThatCanBeUndone()
    {
        ApiClient tenantAdmin = newTenantAdmin();
        JsonNode node = createNodes(tenantAdmin, createCluster(tenantAdmin, localRegion(), "nvidia"), A800, 1).getFirst();

        ApiClient.Response unbound = tenantAdmin.post("/api/v1/nodes/" + id(node) + "/unbind", null);
        ApiClient.Response again = tenantAdmin.post("/api/v1/nodes/" + id(node) + "/unbind", null);

        assertThat(unbound.status()).isEqualTo(200);
        assertThat(unbound.text("bindingStatus")).isEqualTo("UNBOUND");
        assertThat(unbound.json().path("clusterId").isNull()).isTrue();
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("code")).isEqualTo("resource.node.not-unbindable");
        ApiClient.Response audit = tenantAdmin.get("/api/v1/audit-events?action=node.unbind&targetId=" + id(node));
        assertThat(audit.json().path("items").valueStream().map(entry -> entry.path("result").asString())).containsExactlyInAnyOrder("SUCCESS", "FAILURE");
    }

    @Test
    void nodesWhoseBindingOrUnbindingFailedCanBeUnboundFromARunningClusterOnly()
    {
        ApiClient tenantAdmin = newTenantAdmin();
        JsonNode cluster = createCluster(tenantAdmin, localRegion(), "nvidia");
        List<JsonNode> nodes = createNodes(tenantAdmin, cluster, A800, 3);
        // No local operation fails a binding or stops a cluster: the states the spec names are set directly.
        jdbc.sql("UPDATE nodes SET binding_status = 'BIND_FAILED' WHERE id = ?").param(id(nodes.get(0))).update();
        jdbc.sql("UPDATE nodes SET binding_status = 'UNBIND_FAILED' WHERE id = ?").param(id(nodes.get(1))).update();

        assertThat(tenantAdmin.post("/api/v1/nodes/" + id(nodes.get(0)) + "/unbind", null).text("bindingStatus")).isEqualTo("UNBOUND");
        assertThat(tenantAdmin.post("/api/v1/nodes/" + id(nodes.get(1)) + "/unbind", null).text("bindingStatus")).isEqualTo("UNBOUND");

        jdbc.sql("UPDATE clusters SET status = 'CONFIG_FAILED' WHERE id = ?").param(id(cluster)).update();
        assertConflict(tenantAdmin.post("/api/v1/nodes/" + id(nodes.get(2)) + "/unbind", null), "resource.cluster.not-running");
        assertConflict(tenantAdmin.post("/api/v1/nodes/adopt", body("clusterId", id(cluster), "nodeIds", List.of(id(nodes.get(0))))), "resource.cluster.not-running");
    }

    @Test
    void onlyUnboundAdoptedNodesCanBeRemoved()
    {
        ApiClient tenantAdmin = newTenantAdmin();
        JsonNode cluster = createCluster(tenantAdmin, localRegion(), "nvidia");
        JsonNode created = createNodes(tenantAdmin, cluster, A800, 1).getFirst();
        JsonNode adopted = adoptMachine(tenantAdmin, cluster, A800);

        ApiClient.Response boundAdopted = tenantAdmin.delete("/api/v1/nodes/" + id(adopted));
        tenantAdmin.post("/api/v1/nodes/" + id(created) + "/unbind", null);
        ApiClient.Response unboundCreated = tenantAdmin.delete("/api/v1/nodes/" + id(created));
        ApiClient.Response unboundCreatedInChinese = tenantAdmin.inLanguage("zh-CN").delete("/api/v1/nodes/" + id(created));
        tenantAdmin.post("/api/v1/nodes/" + id(adopted) + "/unbind", null);
        ApiClient.Response removed = tenantAdmin.delete("/api/v1/nodes/" + id(adopted));

        assertThat(boundAdopted.status()).isEqualTo(409);
        assertThat(boundAdopted.text("code")).isEqualTo("resource.node.bound");
        assertThat(unboundCreated.status()).isEqualTo(409);
        assertThat(unboundCreated.text("code")).isEqualTo("resource.node.remove.adopted-only");
        assertThat(unboundCreated.text("detail")).isEqualTo("Only adopted nodes can be removed");
        assertThat(unboundCreatedInChinese.text("detail")).isEqualTo("移除仅支持来源为纳管的节点");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(tenantAdmin.get("/api/v1/nodes/" + id(adopted)).status()).isEqualTo(404);
        assertThat(tenantAdmin.get("/api/v1/nodes/" + id(created)).status()).isEqualTo(200);
    }

    @Test
    void adoptionTakesUnboundNodesOfTheSameZoneAndVendorIntoARunningCluster()
    {
        JsonNode region = newRegion("zone-a", "zone-b");
        ApiClient tenantAdmin = newTenantAdmin();
        JsonNode source = createClusterIn(tenantAdmin, region, 0, "nvidia");
        JsonNode target = createClusterIn(tenantAdmin, region, 0, "nvidia");
        JsonNode otherZone = createClusterIn(tenantAdmin, region, 1, "nvidia");
        JsonNode ascend = createClusterIn(tenantAdmin, region, 0, "ascend");
        JsonNode node = createNodes(tenantAdmin, source, A800, 1).getFirst();
        JsonNode stillBound = createNodes(tenantAdmin, source, A800, 1).getFirst();
        tenantAdmin.post("/api/v1/nodes/" + id(node) + "/unbind", null);

        assertThat(adoptable(tenantAdmin, target)).contains(id(node)).doesNotContain(id(stillBound));
        assertThat(adoptable(tenantAdmin, otherZone)).doesNotContain(id(node));
        assertThat(adoptable(tenantAdmin, ascend)).doesNotContain(id(node));
        assertConflict(tenantAdmin.post("/api/v1/nodes/adopt", body("clusterId", id(otherZone), "nodeIds", List.of(id(node)))), "resource.node.zone-mismatch");
        assertConflict(tenantAdmin.post("/api/v1/nodes/adopt", body("clusterId", id(ascend), "nodeIds", List.of(id(node)))), "resource.node.vendor-mismatch");
        assertConflict(tenantAdmin.post("/api/v1/nodes/adopt", body("clusterId", id(target), "nodeIds", List.of(id(stillBound)))), "resource.node.bound");

        ApiClient.Response adopted = tenantAdmin.post("/api/v1/nodes/adopt", body("clusterId", id(target), "nodeIds", List.of(id(node))));

        assertThat(adopted.status()).as("%s", adopted).isEqualTo(200);
        JsonNode bound = adopted.json().path("items").get(0);
        assertThat(bound.path("clusterId").asString()).isEqualTo(id(target));
        assertThat(bound.path("bindingStatus").asString()).isEqualTo("BOUND");
        assertThat(bound.path("source").asString()).as("a node created through Meridian stays a created node").isEqualTo("CREATED");
    }

    @Test
    void adoptionNeedsARunningCluster()
    {
        ApiClient tenantAdmin = newTenantAdmin();
        ApiClient.Response notRunning = tenantAdmin.post("/api/v1/clusters", body("name", unique("k"), "regionId", id(localRegion()), "groupType", "EXTENDED", "backend", "kubernetes"));

        ApiClient.Response adopt = tenantAdmin.post("/api/v1/nodes/adopt", body("clusterId", notRunning.text("id"),
                "machines", List.of(body("name", unique("m-"), "specId", A800))));

        assertThat(notRunning.text("status")).isNotEqualTo("RUNNING");
        assertThat(adopt.status()).isEqualTo(409);
        assertThat(adopt.text("code")).isEqualTo("resource.cluster.backend-unavailable");
        assertThat(tenantAdmin.post("/api/v1/nodes/adopt", body("clusterId", notRunning.text("id"))).fieldErrors()).containsExactly("nodeIds:resource.node.nodes.required");
    }

    @Test
    void bindTakesAnUnboundNodeIntoAClusterOfItsZone()
    {
        JsonNode region = newRegion("zone-a", "zone-b");
        ApiClient tenantAdmin = newTenantAdmin();
        JsonNode first = createClusterIn(tenantAdmin, region, 0, "nvidia");
        JsonNode second = createClusterIn(tenantAdmin, region, 0, "nvidia");
        JsonNode otherZone = createClusterIn(tenantAdmin, region, 1, "nvidia");
        JsonNode node = createNodes(tenantAdmin, first, A800, 1).getFirst();

        assertConflict(tenantAdmin.post("/api/v1/nodes/" + id(node) + "/bind", body("clusterId", id(second))), "resource.node.bound");
        tenantAdmin.post("/api/v1/nodes/" + id(node) + "/unbind", null);
        assertConflict(tenantAdmin.post("/api/v1/nodes/" + id(node) + "/bind", body("clusterId", id(otherZone))), "resource.node.zone-mismatch");
        assertThat(tenantAdmin.post("/api/v1/nodes/" + id(node) + "/bind", body()).fieldErrors()).containsExactly("clusterId:validation.required");

        ApiClient.Response bound = tenantAdmin.post("/api/v1/nodes/" + id(node) + "/bind", body("clusterId", id(second)));

        assertThat(bound.status()).isEqualTo(200);
        assertThat(bound.text("clusterId")).isEqualTo(id(second));
        assertThat(bound.text("bindingStatus")).isEqualTo("BOUND");
        assertThat(bound.text("clusterName")).isEqualTo(second.path("name").asString());
    }

    @Test
    void cordonedNodesTakeNoNewWork()
    {
        ApiClient tenantAdmin = newTenantAdmin();
        JsonNode cluster = createCluster(tenantAdmin, localRegion(), "nvidia");
        List<JsonNode> nodes = createNodes(tenantAdmin, cluster, A800, 2);

        ApiClient.Response cordoned = tenantAdmin.post("/api/v1/nodes/" + id(nodes.get(0)) + "/cordon", null);

        assertThat(cordoned.text("status")).isEqualTo("CORDONED");
        assertThat(inventory.schedulableNodes(id(cluster))).extracting(NodeSummary::id).containsExactly(id(nodes.get(1)));
        assertThat(directory.capacity(id(cluster)).cards()).isEqualTo(8);
        assertThat(tenantAdmin.post("/api/v1/nodes/" + id(nodes.get(0)) + "/uncordon", null).text("status")).isEqualTo("READY");
        assertThat(directory.capacity(id(cluster)).cards()).isEqualTo(16);

        tenantAdmin.post("/api/v1/nodes/" + id(nodes.get(1)) + "/unbind", null);
        assertConflict(tenantAdmin.post("/api/v1/nodes/" + id(nodes.get(1)) + "/cordon", null), "resource.node.not-bound");
    }

    @Test
    void boundNodesIncludeTheOnesThatTakeNoNewWork()
    {
        ApiClient tenantAdmin = newTenantAdmin();
        JsonNode cluster = createCluster(tenantAdmin, localRegion(), "nvidia");
        List<JsonNode> nodes = createNodes(tenantAdmin, cluster, A800, 4);
        tenantAdmin.post("/api/v1/nodes/" + id(nodes.get(0)) + "/cordon", null);
        ResourceTestStates.nodeNotReady(jdbc, id(nodes.get(1)));
        tenantAdmin.post("/api/v1/nodes/" + id(nodes.get(3)) + "/unbind", null);

        assertThat(inventory.boundNodes(id(cluster)))
                .extracting(NodeSummary::id, NodeSummary::status)
                .containsExactlyInAnyOrder(
                        tuple(id(nodes.get(0)), NodeStatus.CORDONED),
                        tuple(id(nodes.get(1)), NodeStatus.NOT_READY),
                        tuple(id(nodes.get(2)), NodeStatus.READY));
        assertThat(inventory.schedulableNodes(id(cluster))).extracting(NodeSummary::id).containsExactly(id(nodes.get(2)));
    }

    @Test
    void labelsAndTaintsAreEditedWithTheirVersion()
    {
        ApiClient tenantAdmin = newTenantAdmin();
        JsonNode node = createNodes(tenantAdmin, createCluster(tenantAdmin, localRegion(), "nvidia"), A800, 1).getFirst();

        ApiClient.Response labelled = tenantAdmin.put("/api/v1/nodes/" + id(node) + "/labels", body("labels", Map.of("meridian.io/pool", "train", "rack", "r1"), "version", 0));
        ApiClient.Response tainted = tenantAdmin.put("/api/v1/nodes/" + id(node) + "/taints", body("taints", List.of("gpu=broken:NoSchedule", "maintenance:NoExecute"), "version", 1));
        ApiClient.Response stale = tenantAdmin.put("/api/v1/nodes/" + id(node) + "/labels", body("labels", Map.of(), "version", 0));
        ApiClient.Response invalid = tenantAdmin.put("/api/v1/nodes/" + id(node) + "/taints", body("taints", List.of("gpu=x:Sometimes"), "version", 2));

        assertThat(labelled.status()).as("%s", labelled).isEqualTo(200);
        assertThat(labelled.json().path("labels").path("meridian.io/pool").asString()).isEqualTo("train");
        assertThat(tainted.json().path("taints").valueStream().map(JsonNode::asString)).containsExactly("gpu=broken:NoSchedule", "maintenance:NoExecute");
        assertThat(tainted.json().path("labels").path("rack").asString()).isEqualTo("r1");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.text("code")).isEqualTo("conflict.version");
        assertThat(invalid.fieldErrors()).containsExactly("taints:resource.node.taint");
        assertThat(inventory.schedulableNodes(tainted.text("clusterId")).getFirst().taints()).containsExactly("gpu=broken:NoSchedule", "maintenance:NoExecute");
    }

    @Test
    void batchesAnswerForEachNodeAndStopAtFifty()
    {
        ApiClient tenantAdmin = newTenantAdmin();
        JsonNode cluster = createCluster(tenantAdmin, localRegion(), "nvidia");
        List<JsonNode> nodes = createNodes(tenantAdmin, cluster, A800, 2);
        tenantAdmin.post("/api/v1/nodes/" + id(nodes.get(1)) + "/unbind", null);
        JsonNode foreign = createNodes(admin, createCluster(admin, localRegion(), "nvidia"), A800, 1).getFirst();
        List<String> tooMany = IntStream.rangeClosed(1, 51).mapToObj(i -> "nd-" + i).toList();

        ApiClient.Response refused = tenantAdmin.post("/api/v1/nodes/batch", body("action", "UNBIND", "nodeIds", tooMany));
        ApiClient.Response noCluster = tenantAdmin.post("/api/v1/nodes/batch", body("action", "BIND", "nodeIds", List.of(id(nodes.get(1)))));
        ApiClient.Response unknownAction = tenantAdmin.post("/api/v1/nodes/batch", body("action", "REBOOT", "nodeIds", List.of(id(nodes.get(1)))));
        ApiClient.Response batch = tenantAdmin.post("/api/v1/nodes/batch", body("action", "UNBIND", "nodeIds", List.of(id(nodes.get(0)), id(nodes.get(1)), id(foreign))));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.fieldErrors()).containsExactly("nodeIds:validation.batch.size");
        assertThat(noCluster.fieldErrors()).containsExactly("clusterId:validation.required");
        assertThat(unknownAction.fieldErrors()).containsExactly("action:resource.value.one-of");
        assertThat(batch.status()).isEqualTo(200);
        assertThat(batch.json().path("succeeded").asInt()).isEqualTo(1);
        assertThat(batch.json().path("failed").asInt()).isEqualTo(2);
        assertThat(batch.json().path("results").valueStream().map(result -> result.path("nodeId").asString() + ":" + result.path("success").asBoolean() + ":" + result.path("code").asString()))
                .containsExactly(id(nodes.get(0)) + ":true:", id(nodes.get(1)) + ":false:resource.node.not-unbindable", id(foreign) + ":false:not-found");
        assertThat(batch.json().path("results").get(2).path("name").isNull()).as("another tenant's node stays unnamed").isTrue();

        ApiClient.Response rebind = tenantAdmin.post("/api/v1/nodes/batch", body("action", "BIND", "clusterId", id(cluster), "nodeIds", List.of(id(nodes.get(0)), id(nodes.get(1)))));
        assertThat(rebind.json().path("succeeded").asInt()).isEqualTo(2);
        assertThat(tenantAdmin.get("/api/v1/nodes/" + id(foreign)).status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/nodes/" + id(foreign)).text("bindingStatus")).isEqualTo("BOUND");
    }

    @Test
    void listsFilterAndStayWithinTheTenant()
    {
        ApiClient tenantAdmin = newTenantAdmin();
        JsonNode cluster = createCluster(tenantAdmin, localRegion(), "nvidia");
        List<JsonNode> nodes = createNodes(tenantAdmin, cluster, A800, 2);
        JsonNode adopted = adoptMachine(tenantAdmin, cluster, A800);
        tenantAdmin.post("/api/v1/nodes/" + id(nodes.get(1)) + "/unbind", null);
        ApiClient otherAdmin = newTenantAdmin();

        assertThat(ids(tenantAdmin.get("/api/v1/nodes?clusterId=" + id(cluster)))).containsExactlyInAnyOrder(id(nodes.get(0)), id(adopted));
        assertThat(ids(tenantAdmin.get("/api/v1/nodes?bindingStatus=UNBOUND"))).containsExactly(id(nodes.get(1)));
        assertThat(ids(tenantAdmin.get("/api/v1/nodes?source=ADOPTED"))).containsExactly(id(adopted));
        assertThat(ids(tenantAdmin.get("/api/v1/nodes?status=READY&name=" + nodes.get(0).path("name").asString()))).containsExactly(id(nodes.get(0)));
        assertThat(tenantAdmin.get("/api/v1/nodes?bindingStatus=LOST").fieldErrors()).containsExactly("bindingStatus:resource.value.one-of");

        assertThat(ids(otherAdmin.get("/api/v1/nodes?size=200"))).doesNotContain(id(nodes.get(0)), id(nodes.get(1)), id(adopted));
        assertThat(otherAdmin.get("/api/v1/nodes/" + id(nodes.get(0))).status()).isEqualTo(404);
        assertThat(otherAdmin.post("/api/v1/nodes/" + id(nodes.get(0)) + "/unbind", null).status()).isEqualTo(404);
        assertThat(otherAdmin.post("/api/v1/nodes/" + id(nodes.get(1)) + "/bind", body("clusterId", id(cluster))).status()).isEqualTo(404);
        assertThat(otherAdmin.put("/api/v1/nodes/" + id(nodes.get(0)) + "/labels", body("labels", Map.of(), "version", 0)).status()).isEqualTo(404);
        assertThat(otherAdmin.delete("/api/v1/nodes/" + id(nodes.get(1))).status()).isEqualTo(404);
        assertThat(otherAdmin.get("/api/v1/nodes/adoptable?clusterId=" + id(cluster)).status()).isEqualTo(404);
    }

    private JsonNode adoptMachine(ApiClient client, JsonNode cluster, String specId)
    {
        ApiClient.Response response = client.post("/api/v1/nodes/adopt", body("clusterId", id(cluster),
                "machines", List.of(body("name", unique("m-"), "specId", specId, "leafSwitch", "leaf-9"))));
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        JsonNode node = response.json().path("items").get(0);
        assertThat(node.path("source").asString()).isEqualTo("ADOPTED");
        assertThat(node.path("bindingStatus").asString()).isEqualTo("BOUND");
        return node;
    }

    private static JsonNode createClusterIn(ApiClient client, JsonNode region, int zone, String vendor)
    {
        ApiClient.Response response = client.post("/api/v1/clusters", body("name", unique("c"), "regionId", id(region), "zoneId", zoneId(region, zone),
                "groupType", "EXTENDED", "vendor", vendor));
        assertThat(response.status()).as("%s", response).isEqualTo(201);
        return response.json();
    }

    private static List<String> adoptable(ApiClient client, JsonNode cluster)
    {
        return client.get("/api/v1/nodes/adoptable?clusterId=" + id(cluster)).json().path("items").valueStream().map(ResourceTestSupport::id).toList();
    }

    private static List<String> ids(ApiClient.Response response)
    {
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json().path("items").valueStream().map(ResourceTestSupport::id).toList();
    }

    private static void assertConflict(ApiClient.Response response, String code)
    {
        assertThat(response.status()).as("%s", response).isEqualTo(409);
        assertThat(response.text("code")).isEqualTo(code);
    }
}
