package io.meridian.server.monitoring.internal;

import io.meridian.executor.Command;
import io.meridian.executor.Executor;
import io.meridian.executor.InstanceSpec;
import io.meridian.executor.Storage;
import io.meridian.executor.WorkloadLaunch;
import io.meridian.executor.local.LocalExecutor;
import io.meridian.executor.local.LocalExecutorConfig;
import io.meridian.executor.usage.ProfilingField;
import io.meridian.server.monitoring.InstanceMetrics;
import io.meridian.server.monitoring.InstanceSample;
import io.meridian.server.monitoring.Metric;
import io.meridian.server.monitoring.MetricSeries;
import io.meridian.server.monitoring.MonitoredWorkloads;
import io.meridian.server.monitoring.Step;
import io.meridian.server.testing.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * The sampler over a real local executor: a CPU-burning instance and an idle one of a claimed workload, and an
 * instance of a workload no feature claims; samples carry the claiming tenant and CPU rates come from two readings.
 */
final class InstanceSamplingTest
        extends ApiTestSupport
{
    @Autowired
    InstanceMetrics metrics;

    @TempDir
    Path temp;

    @Test
    void everyDcgmFieldIsAFineGrainedMetricOfItsOwn()
    {
        assertThat(InstanceSampling.FINE_GRAINED).containsOnlyKeys(ProfilingField.values());
        assertThat(Set.copyOf(InstanceSampling.FINE_GRAINED.values())).isEqualTo(Metric.GPU_FINE_GRAINED);
    }

    @Test
    void samplesRunningInstancesOfClaimedWorkloadsWithRatesFromTwoReadings()
            throws IOException
    {
        String tenantId = admin.get("/api/v1/me").text("tenantId");
        String workload = unique("mon-run-");
        String unclaimed = unique("mon-other-");
        LocalExecutor executor = new LocalExecutor(LocalExecutorConfig.defaults(temp.resolve("runtime")).withIsolation(LocalExecutorConfig.Isolation.NONE));
        MonitoredWorkloads owners = workloadId -> workloadId.equals(workload) ? Optional.of(tenantId) : Optional.empty();
        InstanceSampling sampling = new InstanceSampling(executor, () -> List.of(owners), metrics);
        String burner = workload + "-burner";
        String idler = workload + "-idler";
        executor.launch(new WorkloadLaunch(workload, List.of(instance(burner, "while :; do :; done"), instance(idler, "exec sleep 600"))));
        executor.launch(new WorkloadLaunch(unclaimed, List.of(instance(unclaimed + "-1", "exec sleep 600"))));
        Instant start = Instant.now();
        try {
            List<InstanceSample> first = sampling.sample();
            assertThat(first).extracting(InstanceSample::instanceId).contains(burner, idler).doesNotContain(unclaimed + "-1");
            InstanceSample firstBurner = find(first, burner);
            // one reading gives memory, but no rate yet
            assertThat(firstBurner.tenantId()).isEqualTo(tenantId);
            assertThat(firstBurner.workloadId()).isEqualTo(workload);
            assertThat(firstBurner.cpuCores()).isNull();
            assertThat(firstBurner.memoryBytes()).isPositive();
            assertThat(firstBurner.memoryUtilizationPercent()).isPositive().isLessThan(100.0);
            assertThat(firstBurner.networkReceiveBytesPerSecond()).isNull();
            assertThat(firstBurner.devices()).isEmpty();

            // a rate needs an interval: this is the sampler's 15 seconds, shortened
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1500));
            List<InstanceSample> second = sampling.sample();
            InstanceSample busy = find(second, burner);
            InstanceSample idle = find(second, idler);
            // a shell loop keeps one core busy, shared with whatever else this host runs
            assertThat(busy.cpuCores()).isGreaterThan(0.2).isLessThan(1.5);
            assertThat(busy.cpuUtilizationPercent()).isCloseTo(100 * busy.cpuCores() / Runtime.getRuntime().availableProcessors(), offset(1e-6));
            assertThat(idle.cpuCores()).isLessThan(0.1).isLessThan(busy.cpuCores());
            assertThat(busy.diskWriteBytesPerSecond()).isNotNull();
            // the local backend shares the host's network: throughput is not attributable
            assertThat(busy.networkReceiveBytesPerSecond()).isNull();
            assertThat(busy.networkTransmitBytesPerSecond()).isNull();
        }
        finally {
            executor.stopWorkload(workload).join();
            executor.stopWorkload(unclaimed).join();
        }

        MetricSeries cores = metrics.series(tenantId, List.of(burner, idler), Metric.CPU_USAGE, start.minusSeconds(60), Instant.now().plusSeconds(60), Step.MINUTE);
        assertThat(cores.instances().getFirst().points()).isNotEmpty();
        assertThat(cores.instances().getFirst().statistics().max()).isGreaterThan(0.2);
        assertThat(cores.job().statistics().max()).isGreaterThan(0.2);
        MetricSeries memory = metrics.series(tenantId, List.of(unclaimed + "-1"), Metric.MEMORY_USAGE, start.minusSeconds(60), Instant.now().plusSeconds(60), Step.MINUTE);
        assertThat(memory.instances().getFirst().points()).isEmpty();

        // stopped instances are no longer sampled
        assertThat(sampling.sample()).extracting(InstanceSample::instanceId).doesNotContain(burner, idler);
    }

    @Test
    void theScheduledSamplerSamplesTheServersExecutorBeanAndNothingWithoutOne()
            throws IOException
    {
        String tenantId = admin.get("/api/v1/me").text("tenantId");
        String workload = unique("mon-bean-");
        String instance = workload + "-1";
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        UsageSampler sampler = new UsageSampler(beans.getBeanProvider(Executor.class), beans.getBeanProvider(MonitoredWorkloads.class), metrics);
        // no feature runs workloads yet: a tick does nothing
        sampler.sample();

        LocalExecutor executor = new LocalExecutor(LocalExecutorConfig.defaults(temp.resolve("runtime")).withIsolation(LocalExecutorConfig.Isolation.NONE));
        beans.registerSingleton("executor", executor);
        beans.registerSingleton("runs", (MonitoredWorkloads) workloadId -> workloadId.equals(workload) ? Optional.of(tenantId) : Optional.empty());
        Instant start = Instant.now();
        executor.launch(new WorkloadLaunch(workload, List.of(instance(instance, "exec sleep 600"))));
        try {
            sampler.sample();
        }
        finally {
            executor.stopWorkload(workload).join();
        }
        MetricSeries memory = metrics.series(tenantId, List.of(instance), Metric.MEMORY_USAGE, start.minusSeconds(60), Instant.now().plusSeconds(60), Step.MINUTE);
        assertThat(memory.instances().getFirst().statistics().min()).isPositive();
    }

    private InstanceSpec instance(String id, String script)
            throws IOException
    {
        Path work = temp.resolve("work-" + id);
        Storage storage = new Storage(Files.createDirectories(work.resolve("home")), Files.createDirectories(work.resolve("cache")),
                Files.createDirectories(work.resolve("share")), List.of());
        return InstanceSpec.of(id, "worker", "node-1", Command.shell(script), storage);
    }

    private static InstanceSample find(List<InstanceSample> samples, String instanceId)
    {
        return samples.stream().filter(sample -> sample.instanceId().equals(instanceId)).findFirst()
                .orElseThrow(() -> new AssertionError("no sample of " + instanceId + " in " + samples));
    }
}
