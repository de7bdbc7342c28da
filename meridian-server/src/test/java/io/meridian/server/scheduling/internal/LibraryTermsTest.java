package io.meridian.server.scheduling.internal;

import io.meridian.scheduler.admission.ClusterSettings;
import io.meridian.scheduler.admission.QueueSpec;
import io.meridian.scheduler.admission.QuotaSpec;
import io.meridian.scheduler.admission.SchedulingPolicy;
import io.meridian.scheduler.model.Resources;
import io.meridian.scheduler.model.TopologyPolicy;
import io.meridian.scheduler.queue.QueueingStrategy;
import io.meridian.server.quota.CapacityPool;
import io.meridian.server.quota.PoolKind;
import io.meridian.server.quota.PoolStatus;
import io.meridian.server.quota.WorkloadType;
import io.meridian.server.resource.Backend;
import io.meridian.server.resource.ClusterKind;
import io.meridian.server.resource.ClusterSummary;
import io.meridian.server.resource.PlacementPolicy;
import io.meridian.server.resource.ResourceGroupType;
import io.meridian.server.scheduling.ReasonCode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The server only translates: its tables become the library's terms one for one. */
class LibraryTermsTest
{
    private static ClusterSummary cluster(PlacementPolicy placement, Set<io.meridian.server.resource.SchedulingPolicy> policies, boolean affinity)
    {
        return new ClusterSummary("cl-1", "t-1", "r-1", "z-1", "gpu", ClusterKind.DEDICATED, ResourceGroupType.EXTENDED, Backend.LOCAL, true, null,
                placement, policies, affinity);
    }

    private static CapacityPool pool(PoolKind kind, boolean isDefault, PoolStatus status, Integer weight)
    {
        return pool(kind, isDefault, status, weight, io.meridian.server.quota.SchedulingPolicy.FIFO);
    }

    private static CapacityPool pool(PoolKind kind, boolean isDefault, PoolStatus status, Integer weight, io.meridian.server.quota.SchedulingPolicy policy)
    {
        return new CapacityPool("p-1", kind, "t-1", "cl-1", "team", status, isDefault, List.of(WorkloadType.TRAINING), "gpu-8", "A100", 2,
                new io.meridian.server.quota.Resources(16, 64, 512), weight, true, false, policy, Set.of(), Set.of(), Set.of());
    }

    @Test
    void clusterSettingsBecomeTheLibrarysPolicies()
    {
        ClusterSettings plain = LibraryTerms.settings(cluster(PlacementPolicy.BINPACK, Set.of(), false));
        ClusterSettings spread = LibraryTerms.settings(cluster(PlacementPolicy.SPREAD, Set.of(), true));
        ClusterSettings extended = LibraryTerms.settings(cluster(PlacementPolicy.SPREAD,
                Set.of(io.meridian.server.resource.SchedulingPolicy.DRF, io.meridian.server.resource.SchedulingPolicy.GANG), true));

        assertThat(plain.policies()).containsExactly(SchedulingPolicy.BINPACK);
        assertThat(plain.topology()).isEqualTo(TopologyPolicy.NONE);
        assertThat(spread.placementPolicy()).isEqualTo("spread");
        assertThat(spread.topology()).isEqualTo(TopologyPolicy.PREFER_SAME_SWITCH);
        assertThat(extended.drf()).isTrue();
        assertThat(extended.gang()).isTrue();
        assertThat(extended.preemption()).isTrue();
    }

    @Test
    void poolsBecomeQueuesAndQuotas()
    {
        QueueSpec shared = LibraryTerms.queue(pool(PoolKind.QUEUE, true, PoolStatus.RUNNING, null));
        QueueSpec fixed = LibraryTerms.queue(pool(PoolKind.QUEUE, false, PoolStatus.STOPPED, null));
        QuotaSpec quota = LibraryTerms.quota(pool(PoolKind.QUOTA, false, PoolStatus.STOPPED, 30));

        assertThat(shared.sharesCluster()).isTrue();
        assertThat(shared.tenant()).isEqualTo("t-1");
        assertThat(fixed.sharesCluster()).isFalse();
        assertThat(fixed.stopped()).isTrue();
        assertThat(fixed.capacity(Resources.ZERO)).isEqualTo(new Resources(64_000, 524_288, 16_000));
        assertThat(quota.stopped()).isTrue();
        assertThat(quota.weight()).isEqualTo(30);
        assertThat(quota.borrowing()).isTrue();
        assertThat(quota.strategy()).isEqualTo(QueueingStrategy.STRICT_FIFO);
    }

    @Test
    void aQuotasFifoIsStrictAndItsBestEffortFifoIsTheLibrarysBestEffort()
    {
        QuotaSpec strict = LibraryTerms.quota(pool(PoolKind.QUOTA, false, PoolStatus.RUNNING, 30, io.meridian.server.quota.SchedulingPolicy.FIFO));
        QuotaSpec bestEffort = LibraryTerms.quota(pool(PoolKind.QUOTA, false, PoolStatus.RUNNING, 30, io.meridian.server.quota.SchedulingPolicy.BEST_EFFORT_FIFO));
        QuotaSpec unset = LibraryTerms.quota(pool(PoolKind.QUOTA, false, PoolStatus.RUNNING, 30, null));

        assertThat(strict.strategy()).isEqualTo(QueueingStrategy.STRICT_FIFO);
        assertThat(bestEffort.strategy()).isEqualTo(QueueingStrategy.BEST_EFFORT_FIFO);
        assertThat(unset.strategy()).isEqualTo(QueueingStrategy.STRICT_FIFO);
    }

    @Test
    void everyLibraryCodeHasAServerCodeOfTheSameName()
    {
        for (io.meridian.scheduler.admission.ReasonCode code : io.meridian.scheduler.admission.ReasonCode.values()) {
            assertThat(LibraryTerms.code(code).name()).isEqualTo(code.name());
        }
        assertThat(ReasonCode.values()).hasSameSizeAs(io.meridian.scheduler.admission.ReasonCode.values());
    }

    @Test
    void everyCodeHasAMessageInBothLanguages()
            throws IOException
    {
        for (String bundle : List.of("messages/scheduling.properties", "messages/scheduling_zh_CN.properties")) {
            Properties messages = new Properties();
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(bundle)) {
                messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
            for (ReasonCode code : ReasonCode.values()) {
                assertThat(messages).as(bundle).containsKey("scheduling.reason." + code.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }
    }
}
