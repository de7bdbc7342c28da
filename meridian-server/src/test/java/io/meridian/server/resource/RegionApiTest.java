package io.meridian.server.resource;

import io.meridian.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

class RegionApiTest
        extends ResourceTestSupport
{
    @Test
    void everyoneReadsRegionsWithTheirZones()
    {
        JsonNode created = newRegion("zone-a", "zone-b");
        ApiClient tenantAdmin = newTenantAdmin();

        ApiClient.Response regions = tenantAdmin.get("/api/v1/regions?size=200");

        assertThat(regions.status()).isEqualTo(200);
        JsonNode listed = regions.json().path("items").valueStream().filter(region -> id(region).equals(id(created))).findFirst().orElseThrow();
        assertThat(listed.path("zones").valueStream().map(zone -> zone.path("name").asString()).toList()).containsExactly("zone-a", "zone-b");
        assertThat(listed.path("zones").get(0).path("id").asString()).isNotBlank();
        assertThat(tenantAdmin.get("/api/v1/regions/" + id(created)).json().path("displayName").asString()).isEqualTo("Test region");
    }

    @Test
    void theBuiltInRegionsNameReadsInTheReadersLanguageWhileItIsMeridiansOwn()
    {
        // written once in the installation's language; either language's shipped name reads in the reader's
        assertThat(builtIn(admin).path("displayName").asString()).isEqualTo("Local");
        assertThat(builtIn(admin).path("description").asString()).isEqualTo("The embedded default (local): this machine");
        assertThat(builtIn(admin.inLanguage("zh-CN")).path("displayName").asString()).isEqualTo("本地");
        assertThat(builtIn(admin.inLanguage("zh-CN")).path("description").asString()).isEqualTo("内置默认区域（local）：本机");

        // another region that happens to be called Local is an operator's words
        ApiClient.Response other = admin.post("/api/v1/regions", body("name", unique("r-"), "displayName", "Local", "zones", List.of("z")));
        assertThat(other.status()).as(other.toString()).isEqualTo(201);
        assertThat(admin.inLanguage("zh-CN").get("/api/v1/regions/" + id(other.json())).json().path("displayName").asString()).isEqualTo("Local");
    }

    private static JsonNode builtIn(ApiClient client)
    {
        return client.get("/api/v1/regions?size=200").json().path("items").valueStream()
                .filter(region -> region.path("name").asString().equals("local")).findFirst().orElseThrow();
    }

    @Test
    void onlyThePlatformOperatorWritesRegions()
    {
        JsonNode region = newRegion("zone-a");
        ApiClient tenantAdmin = newTenantAdmin();

        assertThat(tenantAdmin.post("/api/v1/regions", body("name", unique("r-"), "displayName", "Mine", "zones", List.of("z"))).status()).isEqualTo(403);
        assertThat(tenantAdmin.put("/api/v1/regions/" + id(region), body("displayName", "Mine", "version", 0)).status()).isEqualTo(403);
        assertThat(tenantAdmin.delete("/api/v1/regions/" + id(region)).status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/regions/" + id(region)).json().path("displayName").asString()).isEqualTo("Test region");
    }

    @Test
    void fieldRulesAreReportedTogether()
    {
        ApiClient.Response response = admin.post("/api/v1/regions", body("name", "Not A Name", "zones", List.of("ok", "ok", "Bad Zone")));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.fieldErrors()).contains(
                "name:validation.name.region",
                "displayName:validation.required",
                "zones:resource.zone.duplicate",
                "zones:validation.name.region");
        assertThat(admin.post("/api/v1/regions", body("name", unique("r-"), "displayName", "No zones")).fieldErrors()).containsExactly("zones:validation.required");
    }

    @Test
    void regionNamesAreUnique()
    {
        JsonNode region = newRegion("zone-a");

        ApiClient.Response again = admin.post("/api/v1/regions", body("name", region.path("name").asString(), "displayName", "Again", "zones", List.of("zone-a")));

        assertThat(again.fieldErrors()).containsExactly("name:resource.region.name.taken");
    }

    @Test
    void aRegionWithClustersCannotBeDeleted()
    {
        JsonNode region = newRegion("zone-a");
        JsonNode cluster = createCluster(admin, region, "nvidia");

        ApiClient.Response refused = admin.delete("/api/v1/regions/" + id(region));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text("code")).isEqualTo("resource.region.has-clusters");
        assertThat(admin.delete("/api/v1/clusters/" + id(cluster)).status()).isEqualTo(200);
        assertThat(admin.delete("/api/v1/regions/" + id(region)).status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/regions/" + id(region)).status()).isEqualTo(404);
    }

    @Test
    void updatingReplacesTheZonesButKeepsZonesInUse()
    {
        JsonNode region = newRegion("zone-a", "zone-b");
        createCluster(admin, region, "nvidia");

        ApiClient.Response added = admin.put("/api/v1/regions/" + id(region), body("displayName", "Renamed", "zones", List.of("zone-a", "zone-c"), "version", 0));
        ApiClient.Response removingUsed = admin.put("/api/v1/regions/" + id(region), body("zones", List.of("zone-c"), "version", 1));
        ApiClient.Response stale = admin.put("/api/v1/regions/" + id(region), body("displayName", "Stale", "version", 0));

        assertThat(added.status()).as("%s", added).isEqualTo(200);
        assertThat(added.text("displayName")).isEqualTo("Renamed");
        assertThat(added.json().path("zones").valueStream().map(zone -> zone.path("name").asString()).toList()).containsExactly("zone-a", "zone-c");
        assertThat(added.json().path("zones").get(0).path("id").asString()).isEqualTo(zoneId(region, 0));
        assertThat(removingUsed.status()).isEqualTo(409);
        assertThat(removingUsed.text("code")).isEqualTo("resource.region.zone-in-use");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.text("code")).isEqualTo("conflict.version");
    }
}
