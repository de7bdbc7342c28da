package io.meridian.scheduler.placement;

import io.meridian.scheduler.model.Node;
import io.meridian.scheduler.state.ClusterState;
import io.meridian.scheduler.state.Reservation;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.meridian.scheduler.Fixtures.share;
import static io.meridian.scheduler.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FragmentationTest
{
    // Half of the tasks want a whole card, half want half a card.
    private static final TaskDistribution WHOLE_AND_HALF = new TaskDistribution(
            List.of(new TaskShape(1000, 1, 1000, Set.of()), new TaskShape(1000, 1, 500, Set.of())),
            List.of(0.5, 0.5));

    @Test
    void freeMilliThatNoTaskCanUseIsFragment()
    {
        ClusterState state = ClusterState.of(List.of(Node.of("a", 8000, 1000, 2, "T4")));
        state.reserve(List.of(new Reservation("x", "g", 0, "a", List.of(0), 700, 0, 0, 0)));
        FragmentationModel model = new FragmentationModel(WHOLE_AND_HALF, state);

        // Card 0 has 300 left: a fragment for both shapes. Card 1 is whole: usable by both.
        assertThat(model.of(state, 0)).isCloseTo(300, within(1e-9));
    }

    @Test
    void nodeThatCannotHostATaskIsAllFragmentForIt()
    {
        ClusterState state = ClusterState.of(List.of(Node.of("a", 8000, 1000, 2, "T4")));
        state.reserve(List.of(new Reservation("x", "g", 0, "a", List.of(), 0, 0, 7500, 0)));
        FragmentationModel model = new FragmentationModel(WHOLE_AND_HALF, state);

        // 500 milli CPU left, both shapes need 1000: every free card is stranded.
        assertThat(model.of(state, 0)).isCloseTo(2000, within(1e-9));
    }

    @Test
    void modelConstraintsCountAsUnusable()
    {
        ClusterState state = ClusterState.of(List.of(Node.of("a", 8000, 1000, 1, "T4")));
        TaskDistribution onlyV100 = new TaskDistribution(List.of(new TaskShape(0, 1, 1000, Set.of("V100"))), List.of(1.0));

        assertThat(new FragmentationModel(onlyV100, state).of(state, 0)).isCloseTo(1000, within(1e-9));
    }

    @Test
    void fgdPutsAHalfCardTaskNextToAnotherHalfRatherThanBreakingAWholeCard()
    {
        ClusterState state = ClusterState.of(List.of(Node.of("a", 8000, 8000, 2, "T4"), Node.of("b", 8000, 8000, 2, "T4")));
        state.reserve(List.of(new Reservation("x", "g", 0, "b", List.of(1), 500, 0, 0, 0)));
        GangPlacer placer = new GangPlacer(new FgdPolicy(new FragmentationModel(WHOLE_AND_HALF, state)), new Random(0));

        PlacementResult.Placed placed = (PlacementResult.Placed) placer.place(state, workload("y", share("s", 500)));

        assertThat(placed.reservations().getFirst().nodeId()).isEqualTo("b");
        assertThat(placed.reservations().getFirst().devices()).containsExactly(1);
    }

    @Test
    void meridianPicksTheSameCardAsFgdWhenItIsClearlyBest()
    {
        ClusterState state = ClusterState.of(List.of(Node.of("a", 8000, 8000, 4, "T4")));
        state.reserve(List.of(new Reservation("x", "g", 0, "a", List.of(2), 500, 0, 0, 0)));
        GangPlacer placer = new GangPlacer(MeridianPolicy.create(WHOLE_AND_HALF, state), new Random(0));

        PlacementResult.Placed placed = (PlacementResult.Placed) placer.place(state, workload("y", share("s", 500)));

        assertThat(placed.reservations().getFirst().devices()).containsExactly(2);
    }

    @Test
    void distributionKeepsPopularShapesUpToTheThreshold()
    {
        TaskShape common = new TaskShape(1000, 1, 1000, Set.of());
        TaskShape rare = new TaskShape(2000, 8, 1000, Set.of());
        List<TaskShape> samples = new java.util.ArrayList<>();
        for (int i = 0; i < 97; i++) {
            samples.add(common);
        }
        for (int i = 0; i < 3; i++) {
            samples.add(rare);
        }

        TaskDistribution distribution = TaskDistribution.fromSamples(samples, 0.95);

        assertThat(distribution.shapes()).containsExactly(common);
        assertThat(distribution.frequencies()).containsExactly(1.0);
    }

    @Test
    void countedShapesGiveTheSameDistributionAsListedOnes()
    {
        TaskShape eight = new TaskShape(96_000, 8, 1000, Set.of());
        TaskShape one = new TaskShape(12_000, 1, 1000, Set.of());
        TaskShape half = new TaskShape(4_000, 1, 500, Set.of());
        // A gang of 6 eight-card workers and 3 + 1 single cards, listed one instance at a time...
        List<TaskShape> samples = new java.util.ArrayList<>();
        samples.add(one);
        for (int i = 0; i < 6; i++) {
            samples.add(eight);
        }
        samples.add(half);
        samples.addAll(List.of(one, one, one));
        // ...and counted per group, in first-seen order.
        Map<TaskShape, Long> counts = new LinkedHashMap<>();
        counts.put(one, 4L);
        counts.put(eight, 6L);
        counts.put(half, 1L);

        TaskDistribution counted = TaskDistribution.fromCounts(counts, 0.95);

        assertThat(counted).isEqualTo(TaskDistribution.fromSamples(samples, 0.95));
        assertThat(counted.shapes()).containsExactly(eight, one, half);
    }
}
