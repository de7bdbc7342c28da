package io.meridian.scheduler.placement;

import io.meridian.scheduler.model.GpuRequest;
import io.meridian.scheduler.model.InstanceGroup;
import io.meridian.scheduler.model.Node;
import io.meridian.scheduler.model.Workload;
import io.meridian.scheduler.state.ClusterState;
import io.meridian.scheduler.state.Reservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.meridian.scheduler.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Shared cards (eGPU, 001-A §5.9): an instance asks for shares of N cards, each a slice of one card's compute and memory.
 * The shares of one instance go on distinct cards of one node; shares of different instances pack onto the same card
 * first; a card's memory is never over-committed.
 */
class SharedCardPlacementTest
{
    private static final long CARD_MIB = 44 * 1024;
    private static final long SLICE_MIB = 5 * 1024;
    /** 5 of 44 GiB, rounded down. */
    private static final int SLICE_MILLI = 113;

    private static ClusterState cluster(Node... nodes)
    {
        return ClusterState.of(List.of(nodes));
    }

    private static Node l40s(String id, int cards)
    {
        return Node.of(id, 96_000, 768 * 1024, cards, "L40S").withGpuMemoryMib(CARD_MIB);
    }

    private static InstanceGroup slices(String name, int cards, int milli, long memoryMib)
    {
        return InstanceGroup.of(name, 1, 1000, 8 * 1024, GpuRequest.shared(cards, milli, memoryMib, Set.of("L40S")));
    }

    private static GangPlacer placer(String policy, ClusterState state, Workload... planned)
    {
        Map<TaskShape, Long> shapes = new LinkedHashMap<>();
        for (Workload workload : planned) {
            for (InstanceGroup group : workload.groups()) {
                shapes.merge(new TaskShape(group.cpuMilli(), group.gpu().cards(), group.gpu().milliPerCard(), group.gpu().acceptableModels()), 1L, Long::sum);
            }
        }
        return new GangPlacer(Policies.create(policy, state, TaskDistribution.fromCounts(shapes, TaskDistribution.DEFAULT_POPULARITY_THRESHOLD)),
                new Random(0));
    }

    private static Reservation only(PlacementResult result)
    {
        assertThat(result).isInstanceOf(PlacementResult.Placed.class);
        return ((PlacementResult.Placed) result).reservations().getFirst();
    }

    @Test
    void aRequestOfSeveralSharesCountsEachCardItTouches()
    {
        GpuRequest request = GpuRequest.shared(2, SLICE_MILLI, SLICE_MIB, Set.of("L40S"));

        assertThat(request.cards()).isEqualTo(2);
        assertThat(request.milliPerCard()).isEqualTo(SLICE_MILLI);
        assertThat(request.totalMilli()).isEqualTo(2L * SLICE_MILLI);
        assertThatThrownBy(() -> new GpuRequest(0, 2, 0, SLICE_MIB, Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GpuRequest(1, 1, SLICE_MILLI, SLICE_MIB, Set.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"meridian", "best-fit", "fgd"})
    void sharesOfDifferentInstancesPackOntoTheSameCard(String policy)
    {
        ClusterState state = cluster(l40s("a", 8));
        Workload first = workload("first", slices("worker", 1, SLICE_MILLI, SLICE_MIB));
        Workload second = workload("second", slices("worker", 1, SLICE_MILLI, SLICE_MIB));
        GangPlacer placer = placer(policy, state, first, second);

        Reservation a = only(placer.place(state, first));
        Reservation b = only(placer.place(state, second));

        assertThat(b.nodeId()).isEqualTo(a.nodeId());
        assertThat(b.devices()).isEqualTo(a.devices());
        assertThat(state.gpuFree(0, a.devices().getFirst())).isEqualTo(1000 - 2 * SLICE_MILLI);
        assertThat(state.gpuMemoryFree(0, a.devices().getFirst())).isEqualTo(CARD_MIB - 2 * SLICE_MIB);
    }

    @ParameterizedTest
    @ValueSource(strings = {"meridian", "best-fit", "fgd"})
    void theSharesOfOneInstanceTakeDistinctCardsTheFullestFirst(String policy)
    {
        ClusterState state = cluster(l40s("a", 4));
        // Cards 1 and 3 already hold other shares; card 3 the larger one.
        state.reserve(List.of(new Reservation("other", "w", 0, "a", List.of(1), 200, SLICE_MIB, 1000, 1024)));
        state.reserve(List.of(new Reservation("more", "w", 0, "a", List.of(3), 500, SLICE_MIB, 1000, 1024)));
        Workload pair = workload("pair", slices("worker", 2, SLICE_MILLI, SLICE_MIB));

        Reservation placed = only(placer(policy, state, pair).place(state, pair));

        assertThat(placed.devices()).containsExactlyInAnyOrder(3, 1);
        assertThat(placed.gpuMilliPerDevice()).isEqualTo(SLICE_MILLI);
        assertThat(placed.gpuMemoryMibPerDevice()).isEqualTo(SLICE_MIB);
        assertThat(state.gpuFree(0, 0)).isEqualTo(1000);
        assertThat(state.gpuFree(0, 2)).isEqualTo(1000);
    }

    @Test
    void aCardWhoseMemoryIsSpokenForTakesNoMoreSharesEvenWithComputeLeft()
    {
        ClusterState state = cluster(l40s("a", 1));
        Workload big = workload("big", slices("worker", 1, 100, 40 * 1024));
        Workload small = workload("small", slices("worker", 1, 100, SLICE_MIB));
        GangPlacer placer = placer("meridian", state, big, small);
        only(placer.place(state, big));

        PlacementResult refused = placer.place(state, small);

        assertThat(refused).isInstanceOf(PlacementResult.Unplaceable.class);
        assertThat(((PlacementResult.Unplaceable) refused).dominant()).isEqualTo(FitFailure.GPU_MEMORY);
        assertThat(state.gpuFree(0, 0)).isEqualTo(900);
        assertThat(state.gpuMemoryFree(0, 0)).isEqualTo(4 * 1024);
        assertThat(state.reservationsOf("small")).isEmpty();
    }

    @Test
    void moreSharesThanANodeHasCardsDoNotFitEvenWhenOneCardCouldHoldThemAll()
    {
        ClusterState state = cluster(l40s("a", 2));
        Workload three = workload("three", slices("worker", 3, SLICE_MILLI, SLICE_MIB));

        PlacementResult refused = placer("meridian", state, three).place(state, three);

        assertThat(refused).isInstanceOf(PlacementResult.Unplaceable.class);
        assertThat(((PlacementResult.Unplaceable) refused).dominant()).isEqualTo(FitFailure.GPU_CARDS);
        assertThat(state.allReservations()).isEmpty();
    }

    @Test
    void sharesFillAPartlyUsedNodeBeforeAnEmptyOne()
    {
        ClusterState state = cluster(l40s("a", 2), l40s("b", 2));
        state.reserve(List.of(new Reservation("other", "w", 0, "b", List.of(0, 1), 300, SLICE_MIB, 1000, 1024)));
        Workload pair = workload("pair", slices("worker", 2, SLICE_MILLI, SLICE_MIB));

        Reservation placed = only(placer("best-fit", state, pair).place(state, pair));

        assertThat(placed.nodeId()).isEqualTo("b");
        assertThat(placed.devices()).containsExactlyInAnyOrder(0, 1);
    }
}
