package io.meridian.scheduler.admission;

import io.meridian.scheduler.Scheduler;
import io.meridian.scheduler.cache.Held;
import io.meridian.scheduler.cache.RunningWorkload;
import io.meridian.scheduler.model.GpuRequest;
import io.meridian.scheduler.model.InstanceGroup;
import io.meridian.scheduler.model.Node;
import io.meridian.scheduler.model.Resources;
import io.meridian.scheduler.model.TopologyPolicy;
import io.meridian.scheduler.model.Workload;
import io.meridian.scheduler.model.WorkloadType;
import io.meridian.scheduler.placement.BestFitPolicy;
import io.meridian.scheduler.state.ClusterState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulingCycleTest
{
    // 4 nodes × 8 cards, 64 cores, 512 GiB.
    private static final List<Node> NODES = List.of(
            Node.of("n0", 64_000, 524_288, 8, "A100"),
            Node.of("n1", 64_000, 524_288, 8, "A100"),
            Node.of("n2", 64_000, 524_288, 8, "A100"),
            Node.of("n3", 64_000, 524_288, 8, "A100"));
    private static final Resources CLUSTER = new Resources(256_000, 2_097_152, 32_000);
    // One "instance spec" of 8 cards / 32 cores / 256 GiB.
    private static final Resources EIGHT_CARDS = new Resources(32_000, 262_144, 8_000);

    private ClusterState state = ClusterState.of(NODES);
    private final List<RunningWorkload> running = new ArrayList<>();

    private static Workload job(String id, String pool, int cards, long submit)
    {
        return job(id, pool, "alice", cards, submit, 0);
    }

    private static Workload job(String id, String pool, String user, int cards, long submit, int priority)
    {
        return new Workload(id, "acme", user, WorkloadType.TRAINING, pool, priority, submit,
                List.of(InstanceGroup.of("worker", 1, 4_000L * cards, 32_768L * cards, GpuRequest.wholeCards(cards, Set.of()))), TopologyPolicy.NONE);
    }

    private List<Decision> cycle(AdmissionConfig config, Workload... pending)
    {
        Scheduler scheduler = new Scheduler(config, new BestFitPolicy(state), new Random(0));
        List<Decision> decisions = scheduler.schedule(state, running, List.of(pending));
        for (Decision decision : decisions) {
            if (decision instanceof Decision.Admitted admitted) {
                running.add(new RunningWorkload(admitted.workload(), admitted.borrowed()));
            }
        }
        return decisions;
    }

    private static AdmissionConfig quotas(boolean preemption, QuotaSpec... quotas)
    {
        return new AdmissionConfig(List.of(), List.of(quotas), CLUSTER, Map.of(), Map.of(), preemption);
    }

    private static AdmissionConfig queues(QueueSpec... queues)
    {
        return new AdmissionConfig(List.of(queues), List.of(), CLUSTER, Map.of(), Map.of(), false);
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
    void queueAdmitsWithinItsCapacityAndExplainsTheShortfall()
    {
        AdmissionConfig config = queues(new QueueSpec("q", EIGHT_CARDS, 2, Set.of(), false));

        List<Decision> decisions = cycle(config, job("a", "q", 8, 1), job("b", "q", 4, 2), job("c", "q", 8, 3));

        assertThat(decisions.get(0)).isInstanceOf(Decision.Admitted.class);
        assertThat(decisions.get(1)).isInstanceOf(Decision.Admitted.class);
        WaitReason reason = reasonOf(decisions.get(2));
        assertThat(reason.code()).isEqualTo(ReasonCode.QUEUE_CAPACITY_SHORT);
        assertThat(reason.resource()).isEqualTo("gpu");
        assertThat(reason.requested()).isEqualTo(8_000);
        assertThat(reason.available()).isEqualTo(4_000);
        assertThat(reason.position()).isEqualTo(3);
        assertThat(reason.messageKey()).isEqualTo("scheduler.reason.queue_capacity_short");
    }

    @Test
    void stoppedQueueAndForeignTypesAreRejected()
    {
        AdmissionConfig config = queues(
                new QueueSpec("stopped", EIGHT_CARDS, 1, Set.of(), true),
                new QueueSpec("dev", EIGHT_CARDS, 1, Set.of(WorkloadType.DEV_MACHINE), false));

        List<Decision> decisions = cycle(config, job("a", "stopped", 1, 1), job("b", "dev", 1, 2), job("c", "nowhere", 1, 3));

        assertThat(decisions).allMatch(Decision.Rejected.class::isInstance);
        assertThat(decisions).extracting(d -> reasonOf(d).code())
                .containsExactly(ReasonCode.QUEUE_STOPPED, ReasonCode.WORKLOAD_TYPE_NOT_ALLOWED, ReasonCode.UNKNOWN_POOL);
        assertThat(reasonOf(decisions.get(1)).detail()).isEqualTo("TRAINING");
    }

    @Test
    void headOfLineBlocksLaterWorkloadsOfTheSamePoolOnly()
    {
        AdmissionConfig config = quotas(false,
                new QuotaSpec("team-a", EIGHT_CARDS, 1, 10, false, false),
                new QuotaSpec("team-b", EIGHT_CARDS, 1, 20, false, false));

        List<Decision> decisions = cycle(config,
                job("a-big", "team-a", 8, 1),
                job("a-head", "team-a", 4, 2),
                job("a-small", "team-a", 1, 3),
                job("b-one", "team-b", 1, 4));

        assertThat(decisions.get(0)).isInstanceOf(Decision.Admitted.class);
        assertThat(reasonOf(decisions.get(1)).code()).isEqualTo(ReasonCode.QUOTA_SHORT);
        WaitReason blocked = reasonOf(decisions.get(2));
        assertThat(blocked.code()).isEqualTo(ReasonCode.BLOCKED_BY_HEAD);
        assertThat(blocked.blockedBy()).isEqualTo("a-head");
        assertThat(blocked.position()).isEqualTo(3);
        assertThat(decisions.get(3)).isInstanceOf(Decision.Admitted.class);
    }

    @Test
    void higherPriorityGoesFirstAndSubmitTimeBreaksTies()
    {
        AdmissionConfig config = quotas(false, new QuotaSpec("q", EIGHT_CARDS, 1, 10, false, false));

        List<Decision> decisions = cycle(config,
                job("early", "q", "alice", 8, 1, 0),
                job("urgent", "q", "alice", 8, 5, 9),
                job("late", "q", "alice", 8, 3, 0));

        assertThat(decisions).extracting(d -> d.workload().id()).containsExactly("urgent", "early", "late");
        assertThat(decisions.get(0)).isInstanceOf(Decision.Admitted.class);
        assertThat(reasonOf(decisions.get(1)).code()).isEqualTo(ReasonCode.QUOTA_SHORT);
    }

    @Test
    void borrowsIdleCapacityFromLowestWeightNonExclusiveLendersFirst()
    {
        AdmissionConfig config = quotas(false,
                new QuotaSpec("borrower", EIGHT_CARDS, 1, 50, true, false),
                new QuotaSpec("heavy", EIGHT_CARDS, 1, 90, false, false),
                new QuotaSpec("light", EIGHT_CARDS, 1, 10, false, false),
                new QuotaSpec("private", EIGHT_CARDS, 1, 5, false, true));

        List<Decision> decisions = cycle(config, job("a", "borrower", 8, 1), job("b", "borrower", 8, 2), job("c", "borrower", 8, 3), job("d", "borrower", 8, 4));

        assertThat(decisions.subList(0, 3)).allMatch(Decision.Admitted.class::isInstance);
        assertThat(((Decision.Admitted) decisions.get(0)).borrowed()).isEmpty();
        assertThat(((Decision.Admitted) decisions.get(1)).borrowed()).containsOnlyKeys("light");
        assertThat(((Decision.Admitted) decisions.get(2)).borrowed()).containsOnlyKeys("heavy");
        // The exclusive quota never lends: the fourth job waits although its cards are idle.
        WaitReason reason = reasonOf(decisions.get(3));
        assertThat(reason.code()).isEqualTo(ReasonCode.QUOTA_SHORT_BORROW_EXHAUSTED);
        assertThat(reason.available()).isZero();
    }

    @Test
    void borrowedCapacityReturnsWhenTheBorrowerEnds()
    {
        AdmissionConfig config = quotas(false,
                new QuotaSpec("borrower", EIGHT_CARDS, 1, 50, true, false),
                new QuotaSpec("lender", EIGHT_CARDS, 1, 10, false, false));
        cycle(config, job("own", "borrower", 8, 1), job("borrowing", "borrower", 8, 2));

        assertThat(reasonOf(cycle(config, job("lender-job", "lender", 8, 3)).getFirst()).code()).isEqualTo(ReasonCode.QUOTA_SHORT);

        state.release("borrowing");
        running.removeIf(r -> r.workload().id().equals("borrowing"));

        assertThat(cycle(config, job("lender-job", "lender", 8, 3)).getFirst()).isInstanceOf(Decision.Admitted.class);
    }

    @Test
    void borrowingNeverExceedsOtherQuotasCapacity()
    {
        // 8 cards unallocated to any quota: nobody may borrow them.
        AdmissionConfig config = quotas(false,
                new QuotaSpec("borrower", EIGHT_CARDS, 1, 50, true, false),
                new QuotaSpec("lender", EIGHT_CARDS, 2, 10, false, false));

        List<Decision> decisions = cycle(config, job("a", "borrower", 8, 1), job("b", "borrower", 8, 2), job("c", "borrower", 8, 3), job("d", "borrower", 8, 4));

        assertThat(decisions.subList(0, 3)).allMatch(Decision.Admitted.class::isInstance);
        assertThat(reasonOf(decisions.get(3)).code()).isEqualTo(ReasonCode.QUOTA_SHORT_BORROW_EXHAUSTED);
    }

    @Test
    void lenderPreemptsLowerPriorityBorrowersWhenEnabled()
    {
        AdmissionConfig config = quotas(true,
                new QuotaSpec("borrower", EIGHT_CARDS, 1, 50, true, false),
                new QuotaSpec("lender", EIGHT_CARDS, 1, 10, false, false));
        cycle(config, job("own", "borrower", 8, 1));
        cycle(config, job("borrowing", "borrower", "bob", 8, 2, 1));

        Decision decision = cycle(config, job("urgent", "lender", "carol", 8, 3, 5)).getFirst();

        assertThat(decision).isInstanceOf(Decision.Preempting.class);
        Decision.Preempting preempting = (Decision.Preempting) decision;
        assertThat(preempting.reason().code()).isEqualTo(ReasonCode.WAITING_FOR_PREEMPTION);
        assertThat(preempting.victims()).extracting(Decision.Victim::workloadId).containsExactly("borrowing");
        assertThat(preempting.victims().getFirst().reason().code()).isEqualTo(ReasonCode.PREEMPTED_BY_LENDER);
    }

    @Test
    void noPreemptionOfEqualOrHigherPriority()
    {
        AdmissionConfig config = quotas(true,
                new QuotaSpec("borrower", EIGHT_CARDS, 1, 50, true, false),
                new QuotaSpec("lender", EIGHT_CARDS, 1, 10, false, false));
        cycle(config, job("own", "borrower", 8, 1));
        cycle(config, job("borrowing", "borrower", "bob", 8, 2, 5));

        assertThat(cycle(config, job("normal", "lender", "carol", 8, 3, 5)).getFirst()).isInstanceOf(Decision.Waiting.class);
    }

    @Test
    void userAndTenantLimitsAreEnforced()
    {
        AdmissionConfig config = new AdmissionConfig(List.of(), List.of(new QuotaSpec("q", EIGHT_CARDS, 4, 10, false, false)), CLUSTER,
                Map.of("alice", new Limit(8, 10_000)), Map.of("acme", new Limit(12, 10_000)), false);

        List<Decision> decisions = cycle(config,
                job("a1", "q", "alice", 8, 1, 0),
                job("a2", "q", "alice", 1, 2, 0));

        assertThat(decisions.get(0)).isInstanceOf(Decision.Admitted.class);
        WaitReason user = reasonOf(decisions.get(1));
        assertThat(user.code()).isEqualTo(ReasonCode.USER_CARD_LIMIT);
        assertThat(user.requested()).isEqualTo(1);
        assertThat(user.available()).isZero();
        assertThat(user.detail()).isEqualTo("alice");

        WaitReason tenant = reasonOf(cycle(config, job("b1", "q", "bob", 8, 3, 0)).getFirst());
        assertThat(tenant.code()).isEqualTo(ReasonCode.TENANT_CARD_LIMIT);
        assertThat(tenant.available()).isEqualTo(4);
    }

    @Test
    void whatUsersAndTenantsHoldElsewhereCountsAgainstTheirLimits()
    {
        // Alice holds 6 of her 8 cards and 40 of her 48 cores in another cluster; acme holds 10 of its 12 cards there.
        AdmissionConfig config = new AdmissionConfig(List.of(), List.of(new QuotaSpec("q", EIGHT_CARDS, 4, 10, false, false)), CLUSTER,
                Map.of("alice", new Limit(8, 48), "bob", new Limit(100, 10_000)), Map.of("acme", new Limit(12, 10_000)),
                Map.of("alice", new Held(6, 40)), Map.of("acme", new Held(10, 0)), ClusterSettings.DEFAULT.withPreemption(false));

        WaitReason cards = reasonOf(cycle(config, job("a3", "q", "alice", 3, 1, 0)).getFirst());
        assertThat(cards.code()).isEqualTo(ReasonCode.USER_CARD_LIMIT);
        assertThat(cards.requested()).isEqualTo(3);
        assertThat(cards.available()).isEqualTo(2);

        // Two cards fit her card budget, but not her cores: 40 held + 8 here + 8 more.
        assertThat(cycle(config, job("a2", "q", "alice", 2, 2, 0)).getFirst()).isInstanceOf(Decision.Admitted.class);
        WaitReason cores = reasonOf(cycle(new AdmissionConfig(config.queues(), config.quotas(), CLUSTER, Map.of("alice", new Limit(100, 48)), Map.of(),
                Map.of("alice", new Held(0, 40)), Map.of(), ClusterSettings.DEFAULT.withPreemption(false)), job("a4", "q", "alice", 2, 3, 0)).getFirst());
        assertThat(cores.code()).isEqualTo(ReasonCode.USER_CPU_LIMIT);
        assertThat(cores.available()).isZero();

        // Acme: 10 held elsewhere + alice's 2 here = its 12.
        WaitReason tenant = reasonOf(cycle(config, job("b1", "q", "bob", 1, 4, 0)).getFirst());
        assertThat(tenant.code()).isEqualTo(ReasonCode.TENANT_CARD_LIMIT);
        assertThat(tenant.available()).isZero();

        // Once the work elsewhere is gone, the same budget admits it.
        assertThat(cycle(new AdmissionConfig(config.queues(), config.quotas(), CLUSTER, config.userLimits(), config.tenantLimits(), false),
                job("b2", "q", "bob", 1, 5, 0)).getFirst()).isInstanceOf(Decision.Admitted.class);
    }

    @Test
    void workloadThatFitsTheQuotaButNoNodeWaitsWithThePlacementReason()
    {
        state = ClusterState.of(List.of(Node.of("n0", 64_000, 524_288, 4, "A100"), Node.of("n1", 64_000, 524_288, 4, "A100")));
        AdmissionConfig config = quotas(false, new QuotaSpec("q", EIGHT_CARDS, 1, 10, false, false));

        WaitReason reason = reasonOf(cycle(config, job("a", "q", 8, 1)).getFirst());

        assertThat(reason.code()).isEqualTo(ReasonCode.NO_NODE_FITS);
        assertThat(reason.resource()).isEqualTo("gpu");
        assertThat(reason.detail()).isEqualTo("worker:GPU_CARDS");
        assertThat(state.allReservations()).isEmpty();
    }

    @Test
    void workloadLargerThanItsQueueIsRejected()
    {
        AdmissionConfig config = queues(new QueueSpec("q", EIGHT_CARDS, 1, Set.of(), false));

        WaitReason reason = reasonOf(cycle(config, new Workload("big", "acme", "alice", WorkloadType.TRAINING, "q", 0, 1,
                List.of(InstanceGroup.of("w", 2, 1000, 1024, GpuRequest.wholeCards(8, Set.of()))), TopologyPolicy.NONE)).getFirst());

        assertThat(reason.code()).isEqualTo(ReasonCode.LARGER_THAN_POOL);
        assertThat(reason.requested()).isEqualTo(16_000);
        assertThat(reason.available()).isEqualTo(8_000);
    }
}
