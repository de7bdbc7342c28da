package io.meridian.server.training;

import io.meridian.server.testing.ApiClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

import static io.meridian.server.training.TrainingRunApiTest.logText;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared cards (eGPU, 001-A §5.9) for training: the form's 自定义分配 writes a spec string such as
 * {@code 2*(A800(eGPU)_10G_1C_12G)} into {@code flavorName}; it is stored and shown as written, admitted through the
 * scheduler as two shares of distinct cards, and each instance is told which cards and what share of them it holds.
 */
class SharedCardTrainingApiTest
        extends TrainingTestSupport
{
    static final Duration DEADLINE = Duration.ofMinutes(2);
    /** 10 of the A800's 80 GiB: 125 milli of each of two cards. */
    static final String SHARED = "2*(A800(eGPU)_10G_1C_12G)";

    @Test
    void theEmbeddedClustersNvidiaCardsOfferSharedCardsWithOneCardsShare()
    {
        String clusterId = admin.get("/api/v1/training-tasks/" + createTask(admin, taskForm(admin, unique("egpuopts_"))))
                .text("clusterId");

        JsonNode models = admin.get("/api/v1/flavors/shared-cards?clusterId=" + clusterId).json();

        // A800 nodes of the embedded default: 80 GiB cards, 112 cores and 800 GiB allocatable over 8 cards; the Ascend nodes are not offered
        assertThat(models.valueStream().map(model -> model.path("deviceModel").asString()).toList()).containsExactly("A800");
        JsonNode a800 = models.get(0);
        assertThat(List.of(a800.path("cardMemoryGiB").asInt(), a800.path("cardsPerNode").asInt(), a800.path("cpuCoresPerCard").asInt(),
                a800.path("memoryGiBPerCard").asInt())).containsExactly(80, 8, 14, 100);
    }

    @Test
    void aTaskOnSharedCardsIsStoredAsTheSpecStringAndItsInstancesHoldASliceOfTwoCards()
    {
        String command = "echo \"devices=[$CUDA_VISIBLE_DEVICES] share=$MERIDIAN_DEVICE_SHARE_MILLI memory=$MERIDIAN_DEVICE_MEMORY_MIB\"";
        String taskId = createTask(admin, taskForm(admin, unique("egpu_"), "flavorName", SHARED, "nodes", 2, "command", command));
        assertThat(admin.get("/api/v1/training-tasks/" + taskId).text("flavorName")).isEqualTo(SHARED);

        String runId = startRun(admin, taskId);
        JsonNode run = awaitStatus(admin, runId, DEADLINE, "SUCCEEDED");

        assertThat(run.path("definition").path("flavorName").asString()).isEqualTo(SHARED);
        assertThat(run.path("instances").valueStream().map(instance -> instance.path("devices").asString()).toList())
                .hasSize(2)
                .allSatisfy(devices -> assertThat(devices).matches("NVIDIA:\\d,\\d@125/10240"));
        // the two instances' shares pack onto the same physical cards before opening others
        assertThat(run.path("instances").valueStream().map(instance -> instance.path("node").asString() + instance.path("devices").asString()).distinct())
                .hasSize(1);
        JsonNode worker = run.path("instances").get(0);
        String cards = worker.path("devices").asString().substring("NVIDIA:".length(), worker.path("devices").asString().indexOf('@'));
        assertThat(logText(admin.get("/api/v1/training-runs/" + runId + "/logs?instance=" + worker.path("name").asString())))
                .anyMatch(line -> line.contains("devices=[" + cards + "] share=125 memory=10240"));
        assertThat(admin.get("/api/v1/training-runs?taskId=" + taskId).json().path("items").get(0).path("flavorName").asString()).isEqualTo(SHARED);
    }

    @Test
    void aSharedCardSpecThatBreaksTheRulesIsRefusedNamingTheFieldAndEachRule()
    {
        ApiClient.Response tooBig = admin.post("/api/v1/training-tasks", taskForm(admin, unique("egpubad_"), "flavorName", "9*(A800(eGPU)_81G_15C_101G)"));
        assertThat(tooBig.status()).as(tooBig.toString()).isEqualTo(400);
        assertThat(tooBig.fieldErrors()).containsExactly(
                "flavorName:resource.shared-card.cards",
                "flavorName:resource.shared-card.card-memory",
                "flavorName:resource.shared-card.cpu",
                "flavorName:resource.shared-card.memory");
        assertThat(tooBig.toString()).contains("from 1 to 80 GiB");

        ApiClient.Response ascend = admin.inLanguage("zh-CN").post("/api/v1/training-tasks",
                taskForm(admin, unique("egpubad_"), "flavorName", "1*(910B(eGPU)_5G_1C_8G)"));
        assertThat(ascend.fieldErrors()).containsExactly("flavorName:resource.shared-card.model");
        assertThat(ascend.json().path("errors").get(0).path("message").asString()).isEqualTo("算力虚拟化仅支持本集群的英伟达算力卡；本集群没有英伟达卡型“910B”。");

        ApiClient.Response malformed = admin.post("/api/v1/training-tasks", taskForm(admin, unique("egpubad_"), "flavorName", "2*(A800(eGPU)_5G)"));
        assertThat(malformed.fieldErrors()).containsExactly("flavorName:resource.shared-card.format");
    }
}
