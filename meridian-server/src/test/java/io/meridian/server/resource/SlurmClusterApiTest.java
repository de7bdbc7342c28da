package io.meridian.server.resource;

import io.meridian.executor.slurm.SlurmLocal;
import io.meridian.server.testing.ApiClient;
import io.meridian.server.testing.Installation;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code eval "$(bin/slurm-local up)"; bin/meridian-server} against a real Slurm: the server registers cluster
 * {@code slurm} once, however often it starts, adopts Slurm's nodes with their CPUs and memory, follows Slurm's drain
 * and resume, and keeps the token encrypted and out of every answer.
 */
@ExtendWith(SlurmLocal.class)
class SlurmClusterApiTest
{
    @Test
    void theSlurmFromTheEnvironmentIsRegisteredOnceWithItsNodesKeptInSync(SlurmLocal.Cluster slurm)
            throws IOException
    {
        String token = slurm.exports().get("MERIDIAN_SLURM_TOKEN");
        Installation installation = Installation.fresh("slurm-cluster")
                .with("meridian.slurm.url", slurm.exports().get("MERIDIAN_SLURM_URL"))
                .with("meridian.slurm.user", slurm.exports().get("MERIDIAN_SLURM_USER"))
                .with("meridian.slurm.token", token)
                .with("meridian.slurm.sync-interval", "500ms");

        String clusterId;
        try (ConfigurableApplicationContext first = installation.start()) {
            ApiClient admin = Installation.loginAdmin(first);
            JsonNode cluster = single(slurmClusters(admin));
            clusterId = cluster.path("id").asString();
            assertThat(cluster.path("backend").asString()).isEqualTo("slurm");
            assertThat(cluster.path("backendAvailable").asBoolean()).isTrue();
            assertThat(cluster.path("connection").path("url").asString()).isEqualTo(slurm.exports().get("MERIDIAN_SLURM_URL"));
            assertThat(admin.get("/api/v1/clusters/" + clusterId).toString()).doesNotContain(token);

            List<JsonNode> nodes = nodes(admin, clusterId);
            assertThat(nodes).extracting(node -> node.path("name").asString()).containsExactly("node1", "node2");
            assertThat(nodes).allSatisfy(node -> {
                assertThat(node.path("status").asString()).isEqualTo("READY");
                assertThat(node.path("source").asString()).isEqualTo("ADOPTED");
                assertThat(node.path("cpuCores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
                assertThat(node.path("deviceCount").asInt()).isZero();
            });

            String stored = first.getBean(JdbcClient.class).sql("SELECT token_encrypted FROM cluster_connections WHERE cluster_id = ?")
                    .param(clusterId).query(String.class).single();
            assertThat(stored).startsWith("v1:").doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1));

            try {
                slurm.slurm("scontrol", "update", "nodename=node2", "state=drain", "reason=x");
                JsonNode drained = awaitStatus(admin, clusterId, "node2", "NOT_READY");
                assertThat(drained.path("statusReason").asString()).startsWith("Slurm: ").contains("DRAIN").contains("(x)");
                assertThat(status(admin, clusterId, "node1")).isEqualTo("READY");
            }
            finally {
                slurm.slurm("scontrol", "update", "nodename=node2", "state=resume");
            }
            JsonNode resumed = awaitStatus(admin, clusterId, "node2", "READY");
            assertThat(resumed.path("statusReason").isNull() || resumed.path("statusReason").isMissingNode()).isTrue();
        }

        try (ConfigurableApplicationContext second = installation.start()) {
            ApiClient admin = Installation.loginAdmin(second);
            assertThat(single(slurmClusters(admin)).path("id").asString()).isEqualTo(clusterId);
            assertThat(nodes(admin, clusterId)).hasSize(2);
        }
    }

    private static List<JsonNode> slurmClusters(ApiClient admin)
    {
        return admin.get("/api/v1/clusters?q=slurm&size=100").json().path("items").valueStream()
                .filter(cluster -> cluster.path("name").asString().equals("slurm"))
                .toList();
    }

    private static JsonNode single(List<JsonNode> clusters)
    {
        assertThat(clusters).hasSize(1);
        return clusters.getFirst();
    }

    private static List<JsonNode> nodes(ApiClient admin, String clusterId)
    {
        return admin.get("/api/v1/nodes?clusterId=" + clusterId + "&sort=name").json().path("items").valueStream().toList();
    }

    private static String status(ApiClient admin, String clusterId, String name)
    {
        return node(admin, clusterId, name).path("status").asString();
    }

    private static JsonNode node(ApiClient admin, String clusterId, String name)
    {
        return nodes(admin, clusterId).stream().filter(node -> node.path("name").asString().equals(name)).findFirst().orElseThrow();
    }

    private static JsonNode awaitStatus(ApiClient admin, String clusterId, String name, String status)
    {
        JsonNode[] last = new JsonNode[1];
        Awaitility.await(name + " " + status).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            last[0] = node(admin, clusterId, name);
            assertThat(last[0].path("status").asString()).as(last[0].toString()).isEqualTo(status);
        });
        return last[0];
    }
}
