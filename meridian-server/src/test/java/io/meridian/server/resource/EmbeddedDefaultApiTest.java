package io.meridian.server.resource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedDefaultApiTest
        extends ResourceTestSupport
{
    @Autowired
    ClusterDirectory directory;

    @Autowired
    NodeInventory inventory;

    @Test
    void theEmbeddedDefaultHasRegionLocalWithZoneLocalA()
    {
        JsonNode region = localRegion();

        assertThat(region.path("zones").valueStream().map(zone -> zone.path("name").asString()).toList()).containsExactly("local-a");
    }

    @Test
    void theDefaultClusterIsSharedExtendedOnTheLocalBackendAndRunning()
    {
        JsonNode cluster = localDefaultCluster();

        assertThat(cluster.path("kind").asString()).isEqualTo("DEFAULT");
        assertThat(cluster.path("tenantId").isNull()).isTrue();
        assertThat(cluster.path("groupType").asString()).isEqualTo("EXTENDED");
        assertThat(cluster.path("placementPolicy").asString()).isEqualTo("BINPACK");
        assertThat(cluster.path("backend").asString()).isEqualTo("local");
        assertThat(cluster.path("backendAvailable").asBoolean()).isTrue();
        assertThat(cluster.path("status").asString()).isEqualTo("RUNNING");
        assertThat(cluster.path("zoneId").asString()).isEqualTo(zoneId(localRegion(), 0));
        // its nodes and cards are virtual, and the API says so for the console to label them
        assertThat(cluster.path("virtualNodeCount").asLong()).isGreaterThanOrEqualTo(6).isLessThanOrEqualTo(cluster.path("nodeCount").asLong());
        assertThat(cluster.path("virtualCardCount").asLong()).isGreaterThanOrEqualTo(48);
    }

    @Test
    void theDefaultClusterHasSixVirtualNodesWith48CardsOverTwoLeafSwitches()
    {
        String clusterId = localDefaultCluster().path("id").asString();

        List<JsonNode> nodes = admin.get("/api/v1/nodes?size=200&clusterId=" + clusterId).json().path("items").valueStream()
                .filter(node -> node.path("name").asString().startsWith("local-"))
                .toList();

        assertThat(nodes).hasSize(6);
        assertThat(nodes).allSatisfy(node -> {
            assertThat(node.path("virtualDevices").asBoolean()).isTrue();
            assertThat(node.path("bindingStatus").asString()).isEqualTo("BOUND");
            assertThat(node.path("status").asString()).isEqualTo("READY");
            assertThat(node.path("deviceCount").asInt()).isEqualTo(8);
        });
        assertThat(nodes.stream().mapToInt(node -> node.path("deviceCount").asInt()).sum()).isEqualTo(48);
        assertThat(nodes.stream().filter(node -> node.path("deviceModel").asString().equals("A800")).count()).isEqualTo(4);
        assertThat(nodes.stream().filter(node -> node.path("deviceModel").asString().equals("910B")).count()).isEqualTo(2);
        assertThat(nodes.stream().map(node -> node.path("leafSwitch").asString()).distinct()).containsExactlyInAnyOrder("leaf-1", "leaf-2");
    }

    @Test
    void otherFeaturesSeeTheDefaultClusterItsFlavorsAndItsCapacity()
    {
        String clusterId = localDefaultCluster().path("id").asString();

        assertThat(directory.defaultClusters()).extracting(ClusterSummary::id).contains(clusterId);
        assertThat(directory.flavor(clusterId, "14C_100G_1*A800")).isPresent();
        assertThat(directory.flavor(clusterId, "176C_1400G_8*910B")).isPresent();
        ClusterCapacity capacity = directory.capacity(clusterId);
        assertThat(capacity.cardsByModel()).containsAllEntriesOf(Map.of("A800", 32, "910B", 16));
        assertThat(inventory.schedulableNodes(clusterId)).extracting(NodeSummary::name)
                .contains("local-a800-1", "local-a800-2", "local-a800-3", "local-a800-4", "local-910b-1", "local-910b-2");
    }

    @Test
    void tenantAdminsSeeTheDefaultClustersNodesButCannotChangeThem()
    {
        JsonNode node = admin.get("/api/v1/nodes?name=local-a800-1").json().path("items").get(0);
        var tenantAdmin = newTenantAdmin();

        assertThat(tenantAdmin.get("/api/v1/nodes/" + id(node)).status()).isEqualTo(200);
        assertThat(tenantAdmin.post("/api/v1/nodes/" + id(node) + "/cordon", null).status()).isEqualTo(403);
        assertThat(tenantAdmin.post("/api/v1/nodes/" + id(node) + "/unbind", null).status()).isEqualTo(403);
    }
}
