package io.meridian.server.overview;

import io.meridian.server.testing.ApiClient;
import io.meridian.server.testing.ApiTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

class OverviewApiTest
        extends ApiTestSupport
{
    @Test
    void aNewTenantSeesTheSharedDefaultClusterItsDefaultWorkspaceAndQueueAndThatTheCardsAreVirtual()
    {
        String username = unique("ovadmin");
        admin.post("/api/v1/tenants", body("name", unique("overview"), "adminUsername", username, "adminPassword", "Over-Passw0rd"));
        ApiClient tenantAdmin = loginAs(username, "Over-Passw0rd");

        ApiClient.Response overview = tenantAdmin.get("/api/v1/overview");

        assertThat(overview.status()).isEqualTo(200);
        assertThat(overview.json().path("workspaces").asInt()).isEqualTo(1);
        assertThat(overview.json().path("users").asLong()).isEqualTo(1);
        // Other tests may add regions with default clusters of their own: compare with what the lists show.
        assertThat(overview.json().path("clusters").asLong()).isEqualTo(tenantAdmin.get("/api/v1/clusters").json().path("total").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(overview.json().path("queues").asLong()).isEqualTo(tenantAdmin.get("/api/v1/queues").json().path("total").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(overview.json().path("schedulableNodes").asInt()).isGreaterThanOrEqualTo(6);
        assertThat(overview.json().path("virtualCards").asInt()).as("the embedded default's 6 × 8 virtual cards").isGreaterThanOrEqualTo(48);
        assertThat(overview.json().path("cards").asInt()).isGreaterThanOrEqualTo(overview.json().path("virtualCards").asInt());
        assertThat(overview.json().path("quotas").asInt()).isZero();
        // nothing runs or waits yet; the card trend covers the last day hour by hour, now last
        JsonNode work = overview.json().path("work");
        assertThat(work.path("running").asInt()).isZero();
        assertThat(work.path("queued").asInt()).isZero();
        assertThat(work.path("cardsInUse").asInt()).isZero();
        assertThat(work.path("utilization").asDouble()).isZero();
        assertThat(work.path("cardTrend").size()).isEqualTo(25);
        assertThat(work.path("cardTrend").valueStream().map(point -> point.path("cards").asInt())).containsOnly(0);
        assertThat(work.path("recent").isEmpty()).isTrue();
    }

    @Test
    void countsGrowWithWhatTheTenantCreates()
    {
        String username = unique("ovadmin");
        admin.post("/api/v1/tenants", body("name", unique("overview"), "adminUsername", username, "adminPassword", "Over-Passw0rd"));
        ApiClient tenantAdmin = loginAs(username, "Over-Passw0rd");

        assertThat(tenantAdmin.post("/api/v1/workspaces", body("name", unique("ov_ws"))).status()).isEqualTo(201);
        assertThat(tenantAdmin.post("/api/v1/users", body("username", unique("ovuser"), "password", "User-Passw0rd")).status()).isEqualTo(201);

        ApiClient.Response overview = tenantAdmin.get("/api/v1/overview");
        assertThat(overview.json().path("workspaces").asInt()).isEqualTo(2);
        assertThat(overview.json().path("users").asLong()).isEqualTo(2);
    }
}
