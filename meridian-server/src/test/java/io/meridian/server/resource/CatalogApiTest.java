package io.meridian.server.resource;

import io.meridian.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogApiTest
        extends ResourceTestSupport
{
    @Test
    void theDeviceCatalogHasTheSpecsCardsWithVendorAndMemory()
    {
        ApiClient.Response models = newTenantAdmin().get("/api/v1/device-models");

        assertThat(models.status()).isEqualTo(200);
        assertThat(models.json().path("items").valueStream()
                .map(model -> model.path("vendor").asString() + ":" + model.path("model").asString() + ":" + model.path("memoryGiB").asInt()))
                .containsExactly("nvidia:A800:80", "nvidia:H800:80", "nvidia:A100:80", "nvidia:L40S:48", "nvidia:A10:24", "ascend:910B:64");
    }

    @Test
    void nodeSpecificationsFollowTheSpecsTableWithAtMostEightCards()
    {
        List<JsonNode> specs = admin.get("/api/v1/node-specs").json().path("items").valueStream().toList();

        assertThat(specs).extracting(spec -> spec.path("id").asString() + "=" + spec.path("deviceCount").asInt() + "*" + spec.path("deviceModel").asString())
                .containsExactly(
                        "physical.h7ns.4xlarge3=8*A800",
                        "physical.h8ns.6xlarge8=8*H800",
                        "physical.h8ne.5xlarge9=8*H800",
                        "physical.h7es.4xlarge3=8*A100",
                        "physical.h6ns.2xlarge11=8*L40S",
                        "physical.acas910b.2xlarge1=8*910B",
                        "physical.lcas910b.2xlarge1=8*910B",
                        "pi7.4xlarge.4=1*A10",
                        "pi7.8xlarge.4=2*A10",
                        "pi7.16xlarge.4=4*A10",
                        "p8a.6xlarge.4=1*A100",
                        "p8a.12xlarge.4=2*A100",
                        "p8a.24xlarge.4=4*A100");
        assertThat(specs).allSatisfy(spec -> {
            assertThat(spec.path("deviceCount").asInt()).isBetween(1, 8);
            assertThat(spec.path("allocatableCpuCores").asInt()).isLessThan(spec.path("cpuCores").asInt());
            assertThat(spec.path("allocatableMemoryGiB").asInt()).isLessThan(spec.path("memoryGiB").asInt());
        });
        JsonNode a800 = specs.getFirst();
        assertThat(a800.path("category").asString()).isEqualTo("PHYSICAL");
        assertThat(a800.path("cpuCores").asInt()).isEqualTo(128);
        assertThat(a800.path("memoryGiB").asInt()).isEqualTo(1024);
    }

    @Test
    void flavorsAreNamedAsTheSpecNamesThemAndScaleWithTheCardFraction()
    {
        List<String> a800 = flavorNames(localDefaultCluster().path("id").asString(), admin);

        // 001-A §6.2 names 14C_100G_1*A800 and 170C_1400G_8*H800 / 21C_175G_1*H800.
        assertThat(a800).contains("14C_100G_1*A800", "28C_200G_2*A800", "56C_400G_4*A800", "112C_800G_8*A800", "22C_175G_1*910B", "176C_1400G_8*910B");
        assertThat(a800).endsWith("CPU_2C-内存_8G", "CPU_4C-内存_16G", "CPU_8C-内存_16G", "CPU_8C-内存_32G");

        ApiClient tenantAdmin = newTenantAdmin();
        JsonNode h800Cluster = createCluster(tenantAdmin, localRegion(), "nvidia");
        createNodes(tenantAdmin, h800Cluster, "physical.h8ns.6xlarge8", 1);
        assertThat(flavorNames(id(h800Cluster), tenantAdmin)).containsExactly(
                "21C_175G_1*H800", "42C_350G_2*H800", "85C_700G_4*H800", "170C_1400G_8*H800",
                "CPU_2C-内存_8G", "CPU_4C-内存_16G", "CPU_8C-内存_16G", "CPU_8C-内存_32G");
    }

    @Test
    void aNodeOfTwoCardsOffersOnlyOneAndTwoCardFlavors()
    {
        ApiClient tenantAdmin = newTenantAdmin();
        ApiClient.Response cluster = tenantAdmin.post("/api/v1/clusters", ApiClient.body(
                "name", unique("c"), "regionId", id(localRegion()), "groupType", "STANDARD", "nodeTypes", List.of("CLOUD_HOST")));
        assertThat(cluster.status()).as("%s", cluster).isEqualTo(201);
        createNodes(tenantAdmin, cluster.json(), "pi7.8xlarge.4", 1);

        JsonNode flavors = tenantAdmin.get("/api/v1/flavors?clusterId=" + cluster.text("id")).json().path("items");

        assertThat(flavors.valueStream().map(flavor -> flavor.path("name").asString() + "/" + flavor.path("cpuCores").asInt() + "/"
                + flavor.path("memoryGiB").asInt() + "/" + flavor.path("cards").asInt()).limit(2))
                .containsExactly("14C_56G_1*A10/14/56/1", "28C_112G_2*A10/28/112/2");
        assertThat(flavors.valueStream().map(flavor -> flavor.path("name").asString())).doesNotContain("56C_224G_4*A10");
    }

    @Test
    void anotherTenantsClusterHasNoFlavorsToShow()
    {
        JsonNode cluster = createCluster(newTenantAdmin(), localRegion(), "nvidia");

        ApiClient.Response response = newTenantAdmin().get("/api/v1/flavors?clusterId=" + id(cluster));

        assertThat(response.status()).isEqualTo(404);
    }

    private static List<String> flavorNames(String clusterId, ApiClient client)
    {
        ApiClient.Response response = client.get("/api/v1/flavors?clusterId=" + clusterId);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json().path("items").valueStream().map(flavor -> flavor.path("name").asString()).toList();
    }
}
