package io.meridian.scheduler.placement;

import io.meridian.scheduler.model.Node;
import io.meridian.scheduler.state.ClusterState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.Set;

import static io.meridian.scheduler.Fixtures.cpu;
import static io.meridian.scheduler.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MeridianPolicyTest
{
    // Every task of the target workload wants one card and 12 cores.
    private static final TaskDistribution TWELVE_CORES_PER_CARD = new TaskDistribution(List.of(new TaskShape(12_000, 1, 1000, Set.of())), List.of(1.0));

    private static final List<Node> LEAN_THEN_RICH = List.of(
            Node.of("lean", 96_000, 1_000_000, 8, "G2"),
            Node.of("rich", 200_000, 1_000_000, 8, "G2"));

    private static String placeCpuTask(PlacementPolicy policy, ClusterState state)
    {
        PlacementResult.Placed placed = (PlacementResult.Placed) new GangPlacer(policy, new Random(0)).place(state, workload("etl", cpu("main", 1, 20_000)));
        return placed.reservations().getFirst().nodeId();
    }

    @Test
    void fgdDoesNotSeeCardsStrandedByCpu()
    {
        ClusterState state = ClusterState.of(LEAN_THEN_RICH);

        // Both nodes keep >= 12 cores, so for FGD nothing changes and the first node wins; 76 cores then feed 6 of its 8 cards.
        assertThat(placeCpuTask(new FgdPolicy(new FragmentationModel(TWELVE_CORES_PER_CARD, state)), state)).isEqualTo("lean");
    }

    @Test
    void meridianKeepsCpuHeavyWorkAwayFromNodesWhoseCardsWouldBeStranded()
    {
        ClusterState state = ClusterState.of(LEAN_THEN_RICH);

        assertThat(placeCpuTask(MeridianPolicy.create(TWELVE_CORES_PER_CARD, state), state)).isEqualTo("rich");
    }

    @Test
    void cpuStrandingCountsTheMilliTheFreeCpuCannotServe()
    {
        ClusterState state = ClusterState.of(List.of(Node.of("n", 76_000, 1_000_000, 8, "G2")));

        // 76 cores serve 6 tasks of 12 cores: 2 of the 8 free cards are stranded. FGD sees no fragment at all.
        assertThat(new FragmentationModel(TWELVE_CORES_PER_CARD, state).of(state, 0)).isZero();
        assertThat(new FragmentationModel(TWELVE_CORES_PER_CARD, state, 1.0).of(state, 0)).isCloseTo(2000, within(1e-9));
    }

    @Test
    void modelsWantedByConstrainedTasksAreUnderPressure()
    {
        ClusterState state = ClusterState.of(List.of(Node.of("t4", 64_000, 1_000_000, 2, "T4"), Node.of("a100", 64_000, 1_000_000, 8, "A100")));
        TaskDistribution distribution = new TaskDistribution(
                List.of(new TaskShape(1000, 1, 1000, Set.of("T4")), new TaskShape(1000, 1, 1000, Set.of())),
                List.of(0.5, 0.5));

        double[] pressure = new FragmentationModel(distribution, state).modelPressure(state);

        int t4 = state.models().indexOf("T4");
        int a100 = state.models().indexOf("A100");
        // T4 holds 20% of the cards but receives half of all demand from tasks that can run nowhere else.
        assertThat(pressure[t4]).isCloseTo(2.5, within(1e-9));
        assertThat(pressure[a100]).isZero();
    }

    @Test
    void cpuStrandingCreditsAtMostTheCapPerFreeCard()
    {
        // 200 cores for 8 free cards; shape wants 16 cores per card. Uncapped, all 8 cards are served; with a cap of
        // 15 cores per card only 120 cores count, which serve 7 tasks: one card is stranded.
        TaskDistribution sixteenCores = new TaskDistribution(List.of(new TaskShape(16_000, 1, 1000, Set.of())), List.of(1.0));
        ClusterState state = ClusterState.of(List.of(Node.of("n", 200_000, 1_000_000, 8, "G3")));

        assertThat(new FragmentationModel(sixteenCores, state, 1.0).of(state, 0)).isZero();
        assertThat(new FragmentationModel(sixteenCores, state, 1.0, 15, 0).of(state, 0)).isCloseTo(1000, within(1e-9));
    }

    @Test
    void pairingLookAheadCountsRemaindersNoSharedShapeCombinationCanFill()
    {
        // Shared shapes of 300 and 500 milli: 800 = 300 + 500 fills exactly, 700 can use at most 600, 200 nothing.
        TaskDistribution shared = new TaskDistribution(
                List.of(new TaskShape(1000, 1, 300, Set.of()), new TaskShape(1000, 1, 500, Set.of())),
                List.of(0.5, 0.5));
        ClusterState state = ClusterState.of(List.of(Node.of("n", 64_000, 1_000_000, 4, "G2")));
        FragmentationModel fgd = new FragmentationModel(shared, state);
        FragmentationModel pairing = new FragmentationModel(shared, state, 0, 0, 1.0);

        assertThat(pairing.of(0, 64_000, new int[] {1000, 800, 700, 200}, 4) - fgd.of(0, 64_000, new int[] {1000, 800, 700, 200}, 4))
                .isCloseTo(100 + 200, within(1e-9));
    }

    @Test
    void pairingLookAheadCountsFillableRemaindersTheFreeCpuCannotServeAsLost()
    {
        // Fillers of 300 and 500 milli take one core each: 2.5 CPU milli per GPU milli. Cards with 800 and 700 free
        // can be filled up to 800 + 600 = 1400 milli, which needs 3.5 cores; one core left serves only 400 of it.
        TaskDistribution shared = new TaskDistribution(
                List.of(new TaskShape(1000, 1, 300, Set.of()), new TaskShape(1000, 1, 500, Set.of())),
                List.of(0.5, 0.5));
        ClusterState state = ClusterState.of(List.of(Node.of("n", 64_000, 1_000_000, 2, "G2")));
        FragmentationModel fgd = new FragmentationModel(shared, state);
        FragmentationModel pairing = new FragmentationModel(shared, state, 0, 0, 1.0);

        // For FGD one core still fits one more task of either shape: nothing changes.
        assertThat(fgd.of(0, 1_000, new int[] {800, 700}, 2)).isCloseTo(fgd.of(0, 64_000, new int[] {800, 700}, 2), within(1e-9));
        assertThat(pairing.of(0, 1_000, new int[] {800, 700}, 2) - pairing.of(0, 64_000, new int[] {800, 700}, 2))
                .isCloseTo(1400 - 400, within(1e-9));
        // Whole free cards are the CPU-stranding look-ahead's concern, not this one's.
        assertThat(pairing.of(0, 1_000, new int[] {1000, 1000}, 2) - fgd.of(0, 1_000, new int[] {1000, 1000}, 2)).isCloseTo(0, within(1e-9));
    }

    @Test
    void pairingLookAheadDoesNotCountRareSharedSizesAsFillers()
    {
        // 200-milli tasks are 4% of the workload, under a tenth of the 300s: a remainder of 200 stays empty.
        TaskDistribution shared = new TaskDistribution(
                List.of(new TaskShape(1000, 1, 300, Set.of()), new TaskShape(1000, 1, 500, Set.of()), new TaskShape(1000, 1, 200, Set.of())),
                List.of(0.5, 0.46, 0.04));
        ClusterState state = ClusterState.of(List.of(Node.of("n", 64_000, 1_000_000, 2, "G2")));
        FragmentationModel fgd = new FragmentationModel(shared, state);
        FragmentationModel everySize = new FragmentationModel(shared, state, 0, 0, 1.0, 0);
        FragmentationModel commonSizes = new FragmentationModel(shared, state, 0, 0, 1.0, 0.1);
        int[] cards = {1000, 200};

        assertThat(everySize.of(0, 64_000, cards.clone(), 2) - fgd.of(0, 64_000, cards.clone(), 2)).isCloseTo(0, within(1e-9));
        assertThat(commonSizes.of(0, 64_000, cards.clone(), 2) - fgd.of(0, 64_000, cards.clone(), 2)).isCloseTo(200, within(1e-9));
    }
}
