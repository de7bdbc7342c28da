package io.meridian.scheduler.admission;

import io.meridian.scheduler.Scheduler;
import io.meridian.scheduler.cache.RunningWorkload;
import io.meridian.scheduler.model.GpuRequest;
import io.meridian.scheduler.model.InstanceGroup;
import io.meridian.scheduler.model.Node;
import io.meridian.scheduler.model.Resources;
import io.meridian.scheduler.model.TopologyPolicy;
import io.meridian.scheduler.model.Workload;
import io.meridian.scheduler.model.WorkloadType;
import io.meridian.scheduler.state.ClusterState;
import io.meridian.scheduler.state.Reservation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each cluster setting changes what the scheduler does: the same cluster, the same work, the setting on and off.
 */
class ClusterSettingsTest
{
    // Two leaf switches of two nodes each, 8 cards, 64 cores, 512 GiB per node.
    private static final List<Node> NODES = List.of(
            Node.of("n0", 64_000, 524_288, 8, "A100").withTopology("z1", "s1"),
            Node.of("n1", 64_000, 524_288, 8, "A100").withTopology("z1", "s1"),
            Node.of("n2", 64_000, 524_288, 8, "A100").withTopology("z1", "s2"),
            Node.of("n3", 64_000, 524_288, 8, "A100").withTopology("z1", "s2"));
    private static final Resources CLUSTER = new Resources(256_000, 2_097_152, 32_000);

    private final ClusterState state = ClusterState.of(NODES);
    private final List<RunningWorkload> running = new ArrayList<>();

    private static Workload job(String id, String pool, String tenant, int instances, int cards, long submit, TopologyPolicy topology)
    {
        return new Workload(id, tenant, "user-" + id, WorkloadType.TRAINING, pool, 0, submit,
                List.of(InstanceGroup.of("worker", instances, 4_000L * cards, 32_768L * cards, GpuRequest.wholeCards(cards, Set.of()))), topology);
    }

    private static Workload job(String id, String pool, int cards, long submit)
    {
        return job(id, pool, "acme", 1, cards, submit, TopologyPolicy.NONE);
    }

    /** Two tenants' default queues sharing the cluster, as on a region's default cluster. */
    private static AdmissionConfig sharedQueues(Set<SchedulingPolicy> policies)
    {
        return new AdmissionConfig(List.of(QueueSpec.sharedCluster("acme-default", "acme", Set.of(), false), QueueSpec.sharedCluster("globex-default", "globex", Set.of(), false)),
                List.of(), CLUSTER, Map.of(), Map.of(), Map.of(), Map.of(), ClusterSettings.DEFAULT.withPolicies(policies));
    }

    private List<Decision> cycle(AdmissionConfig config, Workload... pending)
    {
        List<Decision> decisions = new Scheduler(config, new Random(0)).schedule(state, running, List.of(pending));
        for (Decision decision : decisions) {
            if (decision instanceof Decision.Admitted admitted) {
                running.add(new RunningWorkload(admitted.workload(), admitted.borrowed()));
            }
        }
        return decisions;
    }

    private static Decision decisionOf(List<Decision> decisions, String id)
    {
        return decisions.stream().filter(decision -> decision.workload().id().equals(id)).findFirst().orElseThrow();
    }

    private static WaitReason reasonOf(Decision decision)
    {
        return switch (decision) {
            case Decision.Waiting waiting -> waiting.reason();
            case Decision.Rejected rejected -> rejected.reason();
            case Decision.Preempting preempting -> preempting.reason();
            case Decision.Admitted admitted -> throw new AssertionError("admitted " + admitted.workload().id());
        };
    }

    private List<String> nodesOf(String workloadId)
    {
        return state.reservationsOf(workloadId).stream().map(Reservation::nodeId).sorted().toList();
    }

    private void occupy(String id, String nodeId, int cards)
    {
        Workload workload = job(id, "acme-default", cards, 0);
        state.reserve(List.of(new Reservation(id, "worker", 0, nodeId, List.of(0, 1, 2, 3, 4, 5, 6, 7).subList(0, cards), 1000, 0, 4_000L * cards, 32_768L * cards)));
        running.add(new RunningWorkload(workload, Map.of()));
    }

    @Test
    void binpackFillsTheBusiestNodeAndSpreadTheEmptiest()
    {
        occupy("busy", "n0", 6);
        cycle(sharedQueues(Set.of(SchedulingPolicy.BINPACK)), job("packed", "acme-default", 2, 1));
        cycle(sharedQueues(Set.of(SchedulingPolicy.SPREAD)), job("spread", "acme-default", 2, 2));

        assertThat(nodesOf("packed")).containsExactly("n0");
        assertThat(nodesOf("spread")).doesNotContain("n0");
    }

    @Test
    void binpackWinsWhenBothAreListed()
    {
        assertThat(ClusterSettings.DEFAULT.withPolicies(Set.of(SchedulingPolicy.SPREAD, SchedulingPolicy.BINPACK)).placementPolicy()).isEqualTo("meridian");
        assertThat(ClusterSettings.DEFAULT.withPolicies(Set.of(SchedulingPolicy.SPREAD)).placementPolicy()).isEqualTo("spread");
        assertThat(ClusterSettings.DEFAULT.withPolicies(Set.of()).placementPolicy()).isEqualTo("meridian");
    }

    @Test
    void drfGivesTheFreeNodesToTheQueueWithTheLowerDominantShare()
    {
        // acme already holds three nodes; one node is left and both tenants want it, acme asked first.
        occupy("acme-0", "n0", 8);
        occupy("acme-1", "n1", 8);
        occupy("acme-2", "n2", 8);
        Workload acme = job("acme-3", "acme-default", "acme", 1, 8, 1, TopologyPolicy.NONE);
        Workload globex = job("globex-1", "globex-default", "globex", 1, 8, 2, TopologyPolicy.NONE);

        List<Decision> fifo = new Scheduler(sharedQueues(Set.of(SchedulingPolicy.BINPACK)), new Random(0)).schedule(state.copy(), running, List.of(acme, globex));
        List<Decision> drf = new Scheduler(sharedQueues(Set.of(SchedulingPolicy.BINPACK, SchedulingPolicy.DRF)), new Random(0)).schedule(state.copy(), running, List.of(acme, globex));

        assertThat(decisionOf(fifo, "acme-3")).isInstanceOf(Decision.Admitted.class);
        assertThat(reasonOf(decisionOf(fifo, "globex-1")).code()).isEqualTo(ReasonCode.NO_NODE_FITS);
        assertThat(decisionOf(drf, "globex-1")).isInstanceOf(Decision.Admitted.class);
        assertThat(reasonOf(decisionOf(drf, "acme-3")).code()).isEqualTo(ReasonCode.NO_NODE_FITS);
    }

    @Test
    void gangReservationKeepsSmallWorkOffTheNodesAWaitingGangNeeds()
    {
        // Three nodes have a card in use: a gang of two whole nodes fits the cluster but not now.
        occupy("a", "n0", 1);
        occupy("b", "n1", 1);
        occupy("c", "n2", 1);
        Workload gang = job("gang", "acme-default", "acme", 2, 8, 1, TopologyPolicy.NONE);
        Workload small = job("small", "globex-default", "globex", 1, 8, 2, TopologyPolicy.NONE);

        List<Decision> without = new Scheduler(sharedQueues(Set.of(SchedulingPolicy.BINPACK)), new Random(0)).schedule(state.copy(), running, List.of(gang, small));
        List<Decision> with = new Scheduler(sharedQueues(Set.of(SchedulingPolicy.BINPACK, SchedulingPolicy.GANG)), new Random(0)).schedule(state.copy(), running, List.of(gang, small));

        assertThat(reasonOf(decisionOf(without, "gang")).code()).isEqualTo(ReasonCode.NO_NODE_FITS);
        assertThat(decisionOf(without, "small")).isInstanceOf(Decision.Admitted.class);
        assertThat(reasonOf(decisionOf(with, "gang")).code()).isEqualTo(ReasonCode.NO_NODE_FITS);
        WaitReason held = reasonOf(decisionOf(with, "small"));
        assertThat(held.code()).isEqualTo(ReasonCode.BLOCKED_BY_GANG);
        assertThat(held.blockedBy()).isEqualTo("gang");
    }

    @Test
    void gangThatCouldNeverFitHoldsNothing()
    {
        Workload impossible = job("huge", "acme-default", "acme", 5, 8, 1, TopologyPolicy.NONE);
        Workload small = job("small", "globex-default", "globex", 1, 1, 2, TopologyPolicy.NONE);

        List<Decision> decisions = cycle(sharedQueues(Set.of(SchedulingPolicy.GANG)), impossible, small);

        assertThat(decisionOf(decisions, "huge")).isInstanceOf(Decision.Rejected.class);
        assertThat(decisionOf(decisions, "small")).isInstanceOf(Decision.Admitted.class);
    }

    @Test
    void topologyAffinityKeepsAGangOnOneLeafSwitch()
    {
        // One node of each switch is half full; spreading alone puts the gang's halves on the two empty nodes, one per switch.
        occupy("left", "n1", 4);
        occupy("right", "n3", 4);
        Workload gang = job("gang", "acme-default", "acme", 2, 4, 1, TopologyPolicy.NONE);
        AdmissionConfig config = sharedQueues(Set.of(SchedulingPolicy.SPREAD));

        ClusterState anywhere = state.copy();
        new Scheduler(config.withSettings(config.settings().withTopology(TopologyPolicy.NONE)), new Random(0)).schedule(anywhere, running, List.of(gang));
        cycle(config.withSettings(config.settings().withTopology(TopologyPolicy.PREFER_SAME_SWITCH)), gang);

        assertThat(anywhere.reservationsOf("gang")).extracting(Reservation::nodeId).containsExactlyInAnyOrder("n0", "n2");
        assertThat(nodesOf("gang")).hasSize(2).map(node -> state.node(state.indexOf(node)).leafSwitch()).containsOnly("s1");
    }

    @Test
    void requiredTopologyMakesAGangWaitRatherThanStraddleSwitches()
    {
        // Each switch has one whole node free: a gang of two whole nodes could only straddle the switches.
        occupy("left", "n1", 4);
        occupy("right", "n3", 4);
        Workload gang = job("gang", "acme-default", "acme", 2, 8, 1, TopologyPolicy.NONE);
        AdmissionConfig config = sharedQueues(Set.of(SchedulingPolicy.BINPACK));

        ClusterState preferred = state.copy();
        List<Decision> prefer = new Scheduler(config, new Random(0)).schedule(preferred, running, List.of(gang));
        List<Decision> require = cycle(config.withSettings(config.settings().withTopology(TopologyPolicy.REQUIRE_SAME_SWITCH)), gang);
        Workload ownRequirement = job("own", "acme-default", "acme", 2, 8, 2, TopologyPolicy.REQUIRE_SAME_SWITCH);
        List<Decision> own = cycle(config, ownRequirement);

        assertThat(prefer.getFirst()).isInstanceOf(Decision.Admitted.class);
        assertThat(preferred.reservationsOf("gang")).extracting(Reservation::nodeId).containsExactlyInAnyOrder("n0", "n2");
        WaitReason waiting = reasonOf(require.getFirst());
        assertThat(waiting.code()).isEqualTo(ReasonCode.NO_NODE_FITS);
        assertThat(waiting.detail()).endsWith(":TOPOLOGY");
        assertThat(state.reservationsOf("gang")).isEmpty();
        // A gang's own requirement holds whatever the cluster's affinity.
        assertThat(reasonOf(own.getFirst()).code()).isEqualTo(ReasonCode.NO_NODE_FITS);
    }
}
