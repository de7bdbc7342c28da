package io.meridian.server.runtime.internal;

import io.meridian.executor.Executor;
import io.meridian.server.monitoring.MonitoredWorkloads;
import io.meridian.server.runtime.RunRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static java.util.Objects.requireNonNull;

/**
 * What the monitoring feature needs from the runtime: the executor whose instances it samples (this host's: the
 * samplers read {@code /proc} and the host's devices), and the tenant of each workload (the executor's workload id is
 * the run id, whatever the run's kind).
 */
@Configuration(proxyBeanMethods = false)
class RuntimeMonitoring
{
    @Bean
    Executor executor(LocalHost host)
    {
        return host.executor();
    }

    @Bean
    MonitoredWorkloads runOwners(RunRepository runs)
    {
        requireNonNull(runs, "runs is null");
        return workloadId -> runs.findById(workloadId).map(RunRecord::tenantId);
    }
}
