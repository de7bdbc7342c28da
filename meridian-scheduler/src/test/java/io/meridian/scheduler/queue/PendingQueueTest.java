package io.meridian.scheduler.queue;

import io.meridian.scheduler.model.GpuRequest;
import io.meridian.scheduler.model.InstanceGroup;
import io.meridian.scheduler.model.TopologyPolicy;
import io.meridian.scheduler.model.Workload;
import io.meridian.scheduler.model.WorkloadType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PendingQueueTest
{
    private static Workload job(String id, String pool, int priority, long submit)
    {
        return new Workload(id, "acme", "alice", WorkloadType.TRAINING, pool, priority, submit,
                List.of(InstanceGroup.of("worker", 1, 1_000, 1_024, GpuRequest.wholeCards(1, Set.of()))), TopologyPolicy.NONE);
    }

    @Test
    void ordersByPriorityThenSubmitTime()
    {
        PendingQueue queue = new PendingQueue("q", QueueingStrategy.STRICT_FIFO, List.of(job("late", "q", 0, 3), job("early", "q", 0, 1), job("urgent", "q", 9, 5)));

        assertThat(queue.head().id()).isEqualTo("urgent");
        queue.pop();
        assertThat(queue.head().id()).isEqualTo("early");
        assertThat(queue.headPosition()).isEqualTo(2);
    }

    @Test
    void strictFifoKeepsEverythingBehindAHeadThatCannotStart()
    {
        PendingQueue queue = new PendingQueue("q", QueueingStrategy.STRICT_FIFO, List.of(job("a", "q", 0, 1), job("b", "q", 0, 2), job("c", "q", 0, 3)));

        assertThat(queue.headWaits()).extracting(Workload::id).containsExactly("b", "c");
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void bestEffortFifoLetsTheNextOneTry()
    {
        PendingQueue queue = new PendingQueue("q", QueueingStrategy.BEST_EFFORT_FIFO, List.of(job("a", "q", 0, 1), job("b", "q", 0, 2)));

        assertThat(queue.headWaits()).isEmpty();
        assertThat(queue.head().id()).isEqualTo("b");
        assertThat(queue.headPosition()).isEqualTo(2);
    }

    @Test
    void theLowestShareGoesFirstAmongEqualPriorities()
    {
        PendingQueues queues = PendingQueues.of(List.of(job("a1", "a", 0, 1), job("b1", "b", 0, 2), job("c1", "c", 5, 3)), pool -> QueueingStrategy.STRICT_FIFO);
        Map<String, Double> shares = Map.of("a", 0.5, "b", 0.1, "c", 0.9);

        // Priority first (c), then the lower share (b) although a was submitted earlier.
        PendingQueue first = queues.next(shares::get).orElseThrow();
        assertThat(first.head().id()).isEqualTo("c1");
        first.pop();
        assertThat(queues.next(shares::get).orElseThrow().head().id()).isEqualTo("b1");
        assertThat(queues.next(pool -> 0).orElseThrow().head().id()).isEqualTo("a1");
    }
}
