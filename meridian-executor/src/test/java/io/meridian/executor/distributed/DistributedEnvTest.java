package io.meridian.executor.distributed;

import io.meridian.executor.Endpoints;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.meridian.executor.distributed.ReplicaRole.CHIEF;
import static io.meridian.executor.distributed.ReplicaRole.EVALUATOR;
import static io.meridian.executor.distributed.ReplicaRole.MASTER;
import static io.meridian.executor.distributed.ReplicaRole.PS;
import static io.meridian.executor.distributed.ReplicaRole.WORKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

final class DistributedEnvTest
{
    /**
     * Like the kubernetes backend will be: nodes have DNS names and ports are handed out in sequence.
     */
    private static final class CountingEndpoints
            implements Endpoints
    {
        private int next = 29500;

        @Override
        public String address(String node)
        {
            return node + ".cluster";
        }

        @Override
        public int allocatePort(String node)
        {
            return next++;
        }
    }

    @Test
    void plainInstancesLearnTheirIndexTheGangsSizeAndEveryAddress()
    {
        Map<String, InstanceEnv> envs = DistributedEnv.build(new Topology(Framework.PLAIN, List.of(
                new Member("w0", WORKER, "node-a"),
                new Member("w1", WORKER, "node-b")), 1), new CountingEndpoints());

        assertThat(envs.keySet()).containsExactly("w0", "w1");
        assertThat(envs.get("w1").env()).containsOnly(
                entry("MERIDIAN_REPLICA_INDEX", "1"),
                entry("MERIDIAN_REPLICA_COUNT", "2"),
                entry("MERIDIAN_REPLICA_HOSTS", "node-a.cluster,node-b.cluster"));
        assertThat(envs.get("w0").files()).isEmpty();
    }

    @Test
    void pytorchRanksTheMasterFirstAndGivesEveryNodeTheSameRendezvous()
    {
        Map<String, InstanceEnv> envs = DistributedEnv.build(new Topology(Framework.PYTORCH_DDP, List.of(
                new Member("w0", WORKER, "node-b"),
                new Member("m", MASTER, "node-a"),
                new Member("w1", WORKER, "node-c")), 1), new CountingEndpoints());

        assertThat(envs.keySet()).containsExactly("m", "w0", "w1");
        assertThat(envs.get("w1").env()).containsOnly(
                entry("PET_NNODES", "3"),
                entry("PET_NODE_RANK", "2"),
                entry("PET_NPROC_PER_NODE", "1"),
                entry("PET_MASTER_ADDR", "node-a.cluster"),
                entry("PET_MASTER_PORT", "29500"),
                entry("MASTER_ADDR", "node-a.cluster"),
                entry("MASTER_PORT", "29500"),
                entry("WORLD_SIZE", "3"),
                entry("NODE_RANK", "2"),
                entry("RANK", "2"),
                entry("LOCAL_RANK", "0"));
        assertThat(envs.get("m").env()).contains(entry("RANK", "0"), entry("NODE_RANK", "0"), entry("MASTER_PORT", "29500"));
        assertThat(envs.get("w0").env()).contains(entry("RANK", "1"), entry("NODE_RANK", "1"));
        assertThat(envs.get("m").files()).isEmpty();
    }

    @Test
    void withSeveralProcessesPerNodeTorchrunAssignsTheRanks()
    {
        Map<String, InstanceEnv> envs = DistributedEnv.build(new Topology(Framework.PYTORCH_DDP, List.of(
                new Member("a", WORKER, "node-a"),
                new Member("b", WORKER, "node-b")), 4), new CountingEndpoints());

        assertThat(envs.get("b").env())
                .contains(entry("WORLD_SIZE", "8"), entry("PET_NPROC_PER_NODE", "4"), entry("PET_NODE_RANK", "1"), entry("MASTER_ADDR", "node-a.cluster"))
                .doesNotContainKeys("RANK", "LOCAL_RANK");
    }

    @Test
    void deepspeedGetsAHostfileWithSlotsPerInstance()
    {
        Map<String, InstanceEnv> envs = DistributedEnv.build(new Topology(Framework.PYTORCH_DEEPSPEED, List.of(
                new Member("ds-0", MASTER, "node-a"),
                new Member("ds-1", WORKER, "node-b")), 2), new CountingEndpoints());

        assertThat(envs.get("ds-1").files()).containsExactly(entry(DistributedEnv.DEEPSPEED_HOSTFILE, "ds-0 slots=2\nds-1 slots=2\n"));
        assertThat(envs.get("ds-1").env()).contains(entry("WORLD_SIZE", "4"), entry("PET_NODE_RANK", "1"));
    }

    @Test
    void theDeepspeedHostfileListsNodesInNodeRankOrder()
    {
        // the launcher (deepspeed --no_ssh --node_rank N) takes line N of the hostfile as its own node and numbers ranks
        // from the slots of the lines before it, so line order must be NODE_RANK order, whatever order members come in
        Map<String, InstanceEnv> envs = DistributedEnv.build(new Topology(Framework.PYTORCH_DEEPSPEED, List.of(
                new Member("w-1", WORKER, "node-c"),
                new Member("m-0", MASTER, "node-a"),
                new Member("w-0", WORKER, "node-b")), 1), new CountingEndpoints());

        List<String> lines = envs.get("m-0").files().get(DistributedEnv.DEEPSPEED_HOSTFILE).lines().toList();
        assertThat(lines).containsExactly("m-0 slots=1", "w-1 slots=1", "w-0 slots=1");
        envs.forEach((instance, env) -> {
            assertThat(env.files()).as("every node reads the same hostfile").isEqualTo(envs.get("m-0").files());
            assertThat(lines.get(Integer.parseInt(env.env().get("NODE_RANK")))).as("line NODE_RANK of %s", instance).startsWith(instance + " ");
        });
    }

    @Test
    void tensorflowGetsAClusterSpecWithoutTheEvaluator()
    {
        Map<String, InstanceEnv> envs = DistributedEnv.build(new Topology(Framework.TENSORFLOW_PS, List.of(
                new Member("chief", CHIEF, "n1"),
                new Member("worker-0", WORKER, "n2"),
                new Member("ps-0", PS, "n3"),
                new Member("worker-1", WORKER, "n4"),
                new Member("eval", EVALUATOR, "n5")), 1), new CountingEndpoints());

        String cluster = "{\"chief\":[\"n1.cluster:29500\"],\"worker\":[\"n2.cluster:29501\",\"n4.cluster:29503\"],\"ps\":[\"n3.cluster:29502\"]}";
        assertThat(envs.get("worker-1").env()).containsExactly(entry("TF_CONFIG", "{\"cluster\":" + cluster + ",\"task\":{\"type\":\"worker\",\"index\":1}}"));
        assertThat(envs.get("chief").env()).containsExactly(entry("TF_CONFIG", "{\"cluster\":" + cluster + ",\"task\":{\"type\":\"chief\",\"index\":0}}"));
        assertThat(envs.get("ps-0").env()).containsExactly(entry("TF_CONFIG", "{\"cluster\":" + cluster + ",\"task\":{\"type\":\"ps\",\"index\":0}}"));
        assertThat(envs.get("eval").env()).containsExactly(entry("TF_CONFIG", "{\"cluster\":" + cluster + ",\"task\":{\"type\":\"evaluator\",\"index\":0}}"));
    }

    @Test
    void aSingleInstanceNeedsNoRendezvous()
    {
        assertThat(DistributedEnv.build(new Topology(Framework.SINGLE, List.of(new Member("only", WORKER, "n")), 1), new CountingEndpoints()))
                .containsExactly(entry("only", new InstanceEnv(Map.of(), Map.of())));
    }

    @Test
    void rejectsShapesTheFrameworkCannotRun()
    {
        CountingEndpoints endpoints = new CountingEndpoints();
        assertThatThrownBy(() -> DistributedEnv.build(new Topology(Framework.PYTORCH_DDP, List.of(new Member("a", MASTER, "n"), new Member("b", MASTER, "n")), 1), endpoints))
                .hasMessageContaining("at most one MASTER");
        assertThatThrownBy(() -> DistributedEnv.build(new Topology(Framework.PYTORCH_DDP, List.of(new Member("a", CHIEF, "n")), 1), endpoints))
                .hasMessageContaining("does not have role CHIEF");
        assertThatThrownBy(() -> DistributedEnv.build(new Topology(Framework.TENSORFLOW_PS, List.of(new Member("a", MASTER, "n")), 1), endpoints))
                .hasMessageContaining("does not have role MASTER");
        assertThatThrownBy(() -> DistributedEnv.build(new Topology(Framework.SINGLE, List.of(new Member("a", WORKER, "n"), new Member("b", WORKER, "n")), 1), endpoints))
                .hasMessageContaining("exactly one instance");
        assertThatThrownBy(() -> new Topology(Framework.PYTORCH_DDP, List.of(new Member("a", WORKER, "n")), 0))
                .hasMessageContaining("nprocPerNode");
    }
}
