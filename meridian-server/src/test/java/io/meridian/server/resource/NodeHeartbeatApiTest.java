package io.meridian.server.resource;

import io.meridian.server.iam.IamTestSupport;
import io.meridian.server.testing.ApiClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 节点心跳故障 (001-A §6.8): a node agent reports on its node; a reported fault or a silence longer than the grace period
 * (3 s in tests) takes the node out of scheduling as NOT_READY, and a healthy heartbeat brings it back.
 */
class NodeHeartbeatApiTest
        extends IamTestSupport
{
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Test
    void aReportedFaultOrASilentAgentMakesTheNodeNotReadyAndAHeartbeatBringsItBack()
    {
        String nodeId = nodeId("local-910b-2");
        try {
            assertThat(heartbeat(nodeId, null).path("status").asString()).isEqualTo("READY");

            JsonNode faulty = heartbeat(nodeId, body("healthy", false, "problem", "NIC eth1 link status: DOWN"));
            assertThat(faulty.path("status").asString()).isEqualTo("NOT_READY");
            assertThat(faulty.path("statusReason").asString()).isEqualTo("the node agent reports a fault: NIC eth1 link status: DOWN");

            JsonNode recovered = heartbeat(nodeId, body("healthy", true));
            assertThat(recovered.path("status").asString()).isEqualTo("READY");
            assertThat(recovered.path("statusReason").isNull()).isTrue();

            // the agent goes silent
            JsonNode silent = Awaitility.await("the silent node marked not ready").atMost(DEADLINE)
                    .until(() -> admin.get("/api/v1/nodes/" + nodeId).json(), node -> node.path("status").asString().equals("NOT_READY"));
            assertThat(silent.path("statusReason").asString()).startsWith("no heartbeat from the node agent since").contains("grace period 3 s");

            assertThat(heartbeat(nodeId, null).path("status").asString()).isEqualTo("READY");
        }
        finally {
            // no agent reports on the embedded default's nodes: leave this one as it was for the other tests
            heartbeat(nodeId, null);
            ApiClient.Response withdrawn = admin.delete("/api/v1/nodes/" + nodeId + "/heartbeat");
            assertThat(withdrawn.status()).as(withdrawn.toString()).isEqualTo(200);
            assertThat(withdrawn.json().path("lastHeartbeatAt").isNull()).isTrue();
        }
    }

    @Test
    void aCordonedNodeStaysCordonedWhateverItsAgentReports()
    {
        String nodeId = nodeId("local-910b-1");
        assertThat(admin.post("/api/v1/nodes/" + nodeId + "/cordon", null).status()).isEqualTo(200);
        try {
            assertThat(heartbeat(nodeId, body("healthy", false, "problem", "chip 3 lost")).path("status").asString()).isEqualTo("CORDONED");
            assertThat(heartbeat(nodeId, body("healthy", true)).path("status").asString()).isEqualTo("CORDONED");
        }
        finally {
            admin.delete("/api/v1/nodes/" + nodeId + "/heartbeat");
            assertThat(admin.post("/api/v1/nodes/" + nodeId + "/uncordon", null).status()).isEqualTo(200);
        }
    }

    @Test
    void onlyOperatorsReportHeartbeatsAndHeartbeatsAreNotAudited()
    {
        String nodeId = nodeId("local-910b-2");
        User user = newUser(admin);
        assertThat(user.client().post("/api/v1/nodes/" + nodeId + "/heartbeat", null).status()).isIn(403, 404);
        assertThat(admin.post("/api/v1/nodes/nd-missing/heartbeat", null).status()).isEqualTo(404);

        ApiClient.Response tooLong = admin.post("/api/v1/nodes/" + nodeId + "/heartbeat", body("healthy", false, "problem", "x".repeat(501)));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.fieldErrors()).singleElement().asString().startsWith("problem:");
        assertThat(admin.get("/api/v1/nodes/" + nodeId).json().path("lastHeartbeatAt").isNull()).as("a refused report changes nothing").isTrue();

        ApiClient.Response audit = admin.get("/api/v1/audit-events?action=node.heartbeat&size=10");
        assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
        assertThat(audit.json().path("items").size()).isZero();
    }

    private JsonNode heartbeat(String nodeId, Object request)
    {
        ApiClient.Response response = admin.post("/api/v1/nodes/" + nodeId + "/heartbeat", request);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private String nodeId(String name)
    {
        ApiClient.Response nodes = admin.get("/api/v1/nodes?size=200&name=" + name);
        assertThat(nodes.status()).as(nodes.toString()).isEqualTo(200);
        return nodes.json().path("items").valueStream()
                .filter(node -> node.path("name").asString().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no node " + name + " in " + nodes))
                .path("id").asString();
    }
}
