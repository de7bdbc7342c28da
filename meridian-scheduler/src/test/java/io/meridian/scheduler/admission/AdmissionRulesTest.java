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
import io.meridian.scheduler.queue.QueueingStrategy;
import io.meridian.scheduler.state.ClusterState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The admission rules the server used to apply itself: stopped quotas, shared default queues, tenants, fair sharing. */
class AdmissionRulesTest
{
    private static final List<Node> NODES = List.of(
            Node.of("n0", 64_000, 524_288, 8, "A100"),
            Node.of("n1", 64_000, 524_288, 8, "A100"),
            Node.of("n2", 64_000, 524_288, 8, "A100"),
            Node.of("n3", 64_000, 524_288, 8, "A100"));
    private static final Resources CLUSTER = new Resources(256_000, 2_097_152, 32_000);
    private static final Resources EIGHT_CARDS = new Resources(32_000, 262_144, 8_000);
    private static final Resources FOUR_CARDS = new Resources(16_000, 131_072, 4_000);

    private final ClusterState state = ClusterState.of(NODES);
    private final List<RunningWorkload> running = new ArrayList<>();

    private static Workload job(String id, String pool, String tenant, int cards, long submit)
    {
        return new Workload(id, tenant, "user-" + id, WorkloadType.TRAINING, pool, 0, submit,
                List.of(InstanceGroup.of("worker", 1, 4_000L * cards, 32_768L * cards, GpuRequest.wholeCards(cards, Set.of()))), TopologyPolicy.NONE);
    }

    private static QuotaSpec quota(String name, String tenant, int cards, int weight, boolean borrowing, boolean exclusive, boolean stopped, QueueingStrategy strategy)
    {
        return new QuotaSpec(name, tenant, new Resources(4_000L * cards, 32_768L * cards, 1_000L * cards), 1, weight, borrowing, exclusive, stopped, strategy);
    }

    private static AdmissionConfig config(List<QueueSpec> queues, List<QuotaSpec> quotas)
    {
        return new AdmissionConfig(queues, quotas, CLUSTER, Map.of(), Map.of(), Map.of(), Map.of(), ClusterSettings.DEFAULT);
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

    @Test
    void stoppedQuotaRejectsNewWork()
    {
        List<Decision> decisions = cycle(config(List.of(), List.of(quota("q", "acme", 8, 1, false, false, true, QueueingStrategy.STRICT_FIFO))), job("a", "q", "acme", 1, 1));

        assertThat(decisions.getFirst()).isInstanceOf(Decision.Rejected.class);
        assertThat(reasonOf(decisions.getFirst()).code()).isEqualTo(ReasonCode.QUOTA_STOPPED);
    }

    @Test
    void sharedDefaultQueueHoldsTheWholeClusterAndNoMore()
    {
        AdmissionConfig config = config(List.of(QueueSpec.sharedCluster("default", "acme", Set.of(), false)), List.of());

        List<Decision> decisions = cycle(config, job("more", "default", "acme", 33, 1), job("all", "default", "acme", 32, 2));

        // 32 cards is within the queue, though no single node holds them.
        assertThat(reasonOf(decisionOf(decisions, "all")).code()).isEqualTo(ReasonCode.NO_NODE_FITS);
        WaitReason tooLarge = reasonOf(decisionOf(decisions, "more"));
        assertThat(tooLarge.code()).isEqualTo(ReasonCode.LARGER_THAN_POOL);
        assertThat(tooLarge.available()).isEqualTo(32_000);
    }

    @Test
    void sharedDefaultQueuesOfTwoTenantsCompeteOnlyForTheNodes()
    {
        AdmissionConfig config = config(List.of(QueueSpec.sharedCluster("acme-default", "acme", Set.of(), false),
                QueueSpec.sharedCluster("globex-default", "globex", Set.of(), false)), List.of());

        List<Decision> decisions = cycle(config, job("a", "acme-default", "acme", 8, 1), job("b", "acme-default", "acme", 8, 2),
                job("c", "globex-default", "globex", 8, 3), job("d", "globex-default", "globex", 8, 4), job("e", "globex-default", "globex", 8, 5));

        assertThat(decisions.subList(0, 4)).allMatch(Decision.Admitted.class::isInstance);
        assertThat(reasonOf(decisionOf(decisions, "e")).code()).isEqualTo(ReasonCode.NO_NODE_FITS);
    }

    @Test
    void quotasBorrowOnlyFromTheirOwnTenant()
    {
        AdmissionConfig config = config(List.of(), List.of(
                quota("acme-q", "acme", 8, 10, true, false, false, QueueingStrategy.STRICT_FIFO),
                quota("globex-lender", "globex", 16, 10, false, false, false, QueueingStrategy.STRICT_FIFO),
                quota("acme-lender", "acme", 4, 20, false, false, false, QueueingStrategy.STRICT_FIFO)));

        List<Decision> decisions = cycle(config, job("a", "acme-q", "acme", 8, 1), job("b", "acme-q", "acme", 4, 2), job("c", "acme-q", "acme", 4, 3));

        assertThat(decisionOf(decisions, "b")).isInstanceOf(Decision.Admitted.class);
        assertThat(((Decision.Admitted) decisionOf(decisions, "b")).borrowed()).containsOnlyKeys("acme-lender");
        // globex's 16 idle cards are not acme's to borrow; a 20-card job is larger than acme's quota could ever be.
        assertThat(reasonOf(decisionOf(decisions, "c")).code()).isEqualTo(ReasonCode.QUOTA_SHORT_BORROW_EXHAUSTED);
        WaitReason larger = reasonOf(cycle(config, job("d", "acme-q", "acme", 16, 4)).getFirst());
        assertThat(larger.code()).isEqualTo(ReasonCode.LARGER_THAN_POOL);
        assertThat(larger.available()).isEqualTo(12_000);
    }

    @Test
    void bestEffortQuotaLetsSmallerWorkPassAHeadThatWaits()
    {
        AdmissionConfig strict = config(List.of(), List.of(quota("q", "acme", 8, 1, false, false, false, QueueingStrategy.STRICT_FIFO)));
        AdmissionConfig bestEffort = config(List.of(), List.of(quota("q", "acme", 8, 1, false, false, false, QueueingStrategy.BEST_EFFORT_FIFO)));
        cycle(strict, job("running", "q", "acme", 4, 0));

        List<Decision> strictDecisions = new Scheduler(strict, new Random(0)).schedule(state.copy(), running, List.of(job("big", "q", "acme", 8, 1), job("small", "q", "acme", 2, 2)));
        List<Decision> bestEffortDecisions = new Scheduler(bestEffort, new Random(0)).schedule(state.copy(), running, List.of(job("big", "q", "acme", 8, 1), job("small", "q", "acme", 2, 2)));

        assertThat(reasonOf(decisionOf(strictDecisions, "small")).code()).isEqualTo(ReasonCode.BLOCKED_BY_HEAD);
        assertThat(reasonOf(decisionOf(bestEffortDecisions, "big")).code()).isEqualTo(ReasonCode.QUOTA_SHORT);
        assertThat(decisionOf(bestEffortDecisions, "small")).isInstanceOf(Decision.Admitted.class);
    }

    @Test
    void idleCapacityGoesToTheBorrowerWithTheLowerWeightedShare()
    {
        // x has borrowed 8 cards, y 4; 4 idle cards are left and both want them, y asked first.
        for (int[] weights : new int[][] {{50, 10}, {10, 50}}) {
            AdmissionConfig config = config(List.of(), List.of(
                    quota("x", "acme", 8, weights[0], true, false, false, QueueingStrategy.STRICT_FIFO),
                    quota("y", "acme", 8, weights[1], true, false, false, QueueingStrategy.STRICT_FIFO),
                    quota("lender", "acme", 16, 1, false, false, false, QueueingStrategy.STRICT_FIFO)));
            List<RunningWorkload> borrowers = List.of(
                    new RunningWorkload(job("x1", "x", "acme", 16, 0), Map.of("lender", EIGHT_CARDS)),
                    new RunningWorkload(job("y1", "y", "acme", 12, 0), Map.of("lender", FOUR_CARDS)));

            List<Decision> decisions = new Scheduler(config, new Random(0)).schedule(ClusterState.of(NODES), borrowers,
                    List.of(job("x2", "x", "acme", 4, 2), job("y2", "y", "acme", 4, 1)));

            // Weighted share = borrowed dominant share / weight: x 0.25/50 < y 0.125/10, but 0.25/10 > 0.125/50.
            String winner = weights[0] == 50 ? "x2" : "y2";
            String loser = weights[0] == 50 ? "y2" : "x2";
            assertThat(decisionOf(decisions, winner)).isInstanceOf(Decision.Admitted.class);
            assertThat(reasonOf(decisionOf(decisions, loser)).code()).isEqualTo(ReasonCode.QUOTA_SHORT_BORROW_EXHAUSTED);
        }
    }

    @Test
    void lenderGetsItsCapacityBackFromLowerPriorityBorrowers()
    {
        AdmissionConfig config = config(List.of(), List.of(
                quota("borrower", "acme", 8, 10, true, false, false, QueueingStrategy.STRICT_FIFO),
                quota("lender", "acme", 8, 20, false, false, false, QueueingStrategy.STRICT_FIFO)));
        cycle(config, job("own", "borrower", "acme", 8, 1), job("borrowing", "borrower", "acme", 8, 2));
        Workload lenders = new Workload("lenders", "acme", "lena", WorkloadType.TRAINING, "lender", 10, 3,
                List.of(InstanceGroup.of("worker", 1, 32_000, 262_144, GpuRequest.wholeCards(8, Set.of()))), TopologyPolicy.NONE);

        Decision decision = cycle(config, lenders).getFirst();

        assertThat(decision).isInstanceOf(Decision.Preempting.class);
        assertThat(((Decision.Preempting) decision).victims()).extracting(Decision.Victim::workloadId).containsExactly("borrowing");
        assertThat(((Decision.Preempting) decision).victims().getFirst().reason().code()).isEqualTo(ReasonCode.PREEMPTED_BY_LENDER);
    }

    @Test
    void borrowerBelowItsWeightedShareTakesCapacityBackFromOneAboveIt()
    {
        // x borrowed all 16 idle cards of the lender in four workloads; y, with its own 8 cards in use, wants 4 more.
        for (int[] weights : new int[][] {{10, 50}, {50, 10}}) {
            AdmissionConfig config = config(List.of(), List.of(
                    quota("x", "acme", 8, weights[0], true, false, false, QueueingStrategy.STRICT_FIFO),
                    quota("y", "acme", 8, weights[1], true, false, false, QueueingStrategy.STRICT_FIFO),
                    quota("lender", "acme", 16, 1, false, false, false, QueueingStrategy.STRICT_FIFO)));
            List<RunningWorkload> work = new ArrayList<>();
            work.add(new RunningWorkload(job("x-own", "x", "acme", 8, 0), Map.of()));
            for (int i = 1; i <= 4; i++) {
                work.add(new RunningWorkload(job("x-b" + i, "x", "acme", 4, i), Map.of("lender", FOUR_CARDS)));
            }
            work.add(new RunningWorkload(job("y-own", "y", "acme", 8, 0), Map.of()));

            Decision decision = new Scheduler(config, new Random(0)).schedule(ClusterState.of(NODES), work, List.of(job("y2", "y", "acme", 4, 9))).getFirst();

            if (weights[1] == 50) {
                // y after admission: (4/32)/50 = 0.0025; x after losing one: (12/32)/10 = 0.0375 — still above.
                assertThat(decision).isInstanceOf(Decision.Preempting.class);
                Decision.Preempting preempting = (Decision.Preempting) decision;
                assertThat(preempting.victims()).extracting(Decision.Victim::workloadId).containsExactly("x-b4");
                assertThat(preempting.victims().getFirst().reason().code()).isEqualTo(ReasonCode.PREEMPTED_FOR_FAIR_SHARING);
                assertThat(preempting.victims().getFirst().reason().detail()).isEqualTo("y2");
            }
            else {
                // y after admission: (4/32)/10 = 0.0125 would exceed x's (12/32)/50 = 0.0075: x keeps what it borrowed.
                assertThat(reasonOf(decision).code()).isEqualTo(ReasonCode.QUOTA_SHORT_BORROW_EXHAUSTED);
            }
        }
    }

    @Test
    void clusterWithoutSchedulableNodesDecidesNothing()
    {
        ClusterState cordoned = ClusterState.of(NODES.stream().map(node -> node.withSchedulable(false)).toList());
        AdmissionConfig config = config(List.of(QueueSpec.sharedCluster("default", "acme", Set.of(), false)), List.of());

        assertThat(new Scheduler(config, new Random(0)).schedule(cordoned, List.of(), List.of(job("a", "default", "acme", 1, 1)))).isEmpty();
    }
}
