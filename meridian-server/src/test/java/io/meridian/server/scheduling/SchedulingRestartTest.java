package io.meridian.server.scheduling;

import io.meridian.server.iam.TenantDirectory;
import io.meridian.server.iam.TenantSummary;
import io.meridian.server.quota.CapacityPool;
import io.meridian.server.quota.CapacityPools;
import io.meridian.server.quota.WorkloadType;
import io.meridian.server.resource.ClusterDirectory;
import io.meridian.server.resource.ClusterSummary;
import io.meridian.server.testing.Installation;
import io.meridian.server.workspace.WorkspaceDirectory;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restarted server rebuilds the cluster state from the database: admitted work keeps exactly its cards, waiting work
 * still waits, and new work is placed around what is held, never on it.
 */
class SchedulingRestartTest
{
    private static final String PASSWORD = Installation.ADMIN_PASSWORD;

    @Test
    void aRestartedSchedulerRebuildsItsStateWithoutBookingAnythingTwice()
            throws IOException
    {
        Installation installation = Installation.fresh("scheduling-restart");

        String held;
        String waiting;
        List<Placement> placementsBefore;
        Map<String, String> reservationsBefore;
        try (ConfigurableApplicationContext first = installation.start()) {
            Queue<WorkloadAdmitted> admitted = new ConcurrentLinkedQueue<>();
            first.addApplicationListener(event -> {
                if (event instanceof PayloadApplicationEvent<?> payload && payload.getPayload() instanceof WorkloadAdmitted workload) {
                    admitted.add(workload);
                }
            });
            WorkloadScheduler scheduler = first.getBean(WorkloadScheduler.class);
            Fixture fixture = fixture(first);
            held = scheduler.submit(fixture.request("held", 50, 2, 8)).id();
            scheduler.runCycle();
            waiting = scheduler.submit(fixture.request("waiting", 50, fixture.clusterCards() / 8, 8)).id();
            scheduler.runCycle();

            ScheduledWorkload admittedBefore = scheduler.find(fixture.tenantId(), held).orElseThrow();
            assertThat(admittedBefore.status()).as("%s on %s", admittedBefore.reason(), fixture).isEqualTo(WorkloadStatus.ADMITTED);
            assertThat(scheduler.find(fixture.tenantId(), waiting).orElseThrow().status()).isEqualTo(WorkloadStatus.PENDING);
            assertThat(admitted).extracting(WorkloadAdmitted::workloadId).containsExactly(held);
            placementsBefore = admittedBefore.placements();
            reservationsBefore = reservations(first);
        }

        try (ConfigurableApplicationContext second = installation.start()) {
            WorkloadScheduler scheduler = second.getBean(WorkloadScheduler.class);
            Fixture fixture = fixture(second);
            scheduler.runCycle();

            ScheduledWorkload heldAfter = scheduler.find(fixture.tenantId(), held).orElseThrow();
            assertThat(heldAfter.status()).isEqualTo(WorkloadStatus.ADMITTED);
            assertThat(heldAfter.placements()).containsExactlyInAnyOrderElementsOf(placementsBefore);
            assertThat(reservations(second)).as("no reservation added, lost or duplicated").isEqualTo(reservationsBefore);
            ScheduledWorkload stillWaiting = scheduler.find(fixture.tenantId(), waiting).orElseThrow();
            assertThat(stillWaiting.status()).isEqualTo(WorkloadStatus.PENDING);
            assertThat(stillWaiting.reason().code()).isEqualTo(ReasonCode.QUEUE_CAPACITY_SHORT);

            // Ahead of the waiting head by priority: it must land on cards nobody holds.
            String added = scheduler.submit(fixture.request("added", 90, 2, 8)).id();
            scheduler.runCycle();
            ScheduledWorkload addedAfter = scheduler.find(fixture.tenantId(), added).orElseThrow();
            assertThat(addedAfter.status()).isEqualTo(WorkloadStatus.ADMITTED);
            Set<String> heldCards = cards(heldAfter.placements());
            Set<String> addedCards = cards(addedAfter.placements());
            assertThat(addedCards).hasSize(16).doesNotContainAnyElementsOf(heldCards);
        }
    }

    private record Fixture(String tenantId, String userId, String workspaceId, String clusterId, String queueId, int clusterCards)
    {
        WorkloadRequest request(String name, int priority, int instances, int cards)
        {
            return new WorkloadRequest(tenantId, workspaceId, userId, clusterId, queueId, WorkloadType.TRAINING, "test:" + name, name, priority,
                    List.of(InstanceGroupRequest.ofShape("worker", instances, 4_000, 16 * 1024, cards, Set.of())), TopologyPreference.NONE);
        }
    }

    private static Fixture fixture(ConfigurableApplicationContext context)
    {
        TenantSummary tenant = context.getBean(TenantDirectory.class).all().stream().filter(candidate -> candidate.name().equals("default")).findFirst()
                .orElseThrow();
        ClusterSummary cluster = context.getBean(ClusterDirectory.class).defaultClusters().getFirst();
        String workspaceId = context.getBean(WorkspaceDirectory.class).defaultWorkspace(tenant.id()).orElseThrow().id();
        CapacityPool queue = context.getBean(CapacityPools.class).ofWorkspace(tenant.id(), workspaceId).stream()
                .filter(pool -> pool.isDefault() && pool.clusterId().equals(cluster.id()))
                .findFirst()
                .orElseThrow();
        int cards = context.getBean(ClusterDirectory.class).capacity(cluster.id()).cards();
        return new Fixture(tenant.id(), tenant.mainUserId(), workspaceId, cluster.id(), queue.id(), cards);
    }

    private static Map<String, String> reservations(ConfigurableApplicationContext context)
    {
        Map<String, String> rows = new HashMap<>();
        context.getBean(JdbcClient.class).sql("SELECT * FROM reservations")
                .query((java.sql.ResultSet rs) -> {
                    String key = rs.getString("workload_id") + "/" + rs.getString("role") + "/" + rs.getInt("instance_index");
                    assertThat(rows.put(key, rs.getString("node_id") + ":" + rs.getString("devices"))).as("duplicate row %s", key).isNull();
                });
        return rows;
    }

    private static Set<String> cards(List<Placement> placements)
    {
        Set<String> cards = new HashSet<>();
        placements.forEach(placement -> placement.deviceIndices().forEach(device -> cards.add(placement.nodeId() + "#" + device)));
        return cards;
    }
}
