package io.meridian.server.runtime.internal;

import io.meridian.executor.Endpoints;
import io.meridian.executor.Executor;
import io.meridian.executor.InstanceSpec;
import io.meridian.executor.InstanceState;
import io.meridian.executor.LogStore;
import io.meridian.executor.MetricsStore;
import io.meridian.executor.ObservedInstance;
import io.meridian.executor.WorkloadLaunch;
import io.meridian.executor.usage.InstanceUsage;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * A test-only backend that starts nothing: it records every instance it is asked to launch and answers {@code observe()}
 * with that recorded set, each instance Running (Stopped once stopped). For measuring what the supervisor itself costs
 * with more instances than this host could run as processes; logs and metrics are the local executor's (empty).
 */
final class RecordedExecutor
        implements Executor
{
    private final Executor local;
    private final Map<String, ObservedInstance> instances = new ConcurrentHashMap<>();
    private final AtomicInteger nextPort = new AtomicInteger(20000);
    private final AtomicInteger observations = new AtomicInteger();

    RecordedExecutor(Executor local)
    {
        this.local = requireNonNull(local, "local is null");
    }

    /** How many times the supervisor observed this backend. */
    int observations()
    {
        return observations.get();
    }

    /** How many instances were launched and are still recorded as running. */
    long running()
    {
        return instances.values().stream().filter(instance -> instance.state() instanceof InstanceState.Running).count();
    }

    @Override
    public String backend()
    {
        return "recorded";
    }

    @Override
    public Endpoints endpoints()
    {
        return new Endpoints()
        {
            @Override
            public String address(String node)
            {
                return node;
            }

            @Override
            public int allocatePort(String node)
            {
                return nextPort.getAndIncrement();
            }
        };
    }

    @Override
    public void launch(WorkloadLaunch launch)
    {
        for (InstanceSpec instance : launch.instances()) {
            instances.putIfAbsent(instance.id(), new ObservedInstance(instance.id(), launch.workloadId(), instance.role(), instance.node(), new InstanceState.Running(),
                    Optional.empty(), List.of()));
        }
    }

    @Override
    public List<ObservedInstance> observe()
    {
        observations.incrementAndGet();
        return List.copyOf(instances.values());
    }

    @Override
    public List<ObservedInstance> reattach()
    {
        return observe();
    }

    @Override
    public CompletableFuture<Void> stop(String instanceId)
    {
        instances.computeIfPresent(instanceId, (id, instance) -> instance.state().isTerminal() ? instance
                : new ObservedInstance(id, instance.workloadId(), instance.role(), instance.node(), new InstanceState.Stopped(), Optional.empty(), List.of()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> stopWorkload(String workloadId)
    {
        instances.values().stream().filter(instance -> instance.workloadId().equals(workloadId)).map(ObservedInstance::instanceId).toList().forEach(this::stop);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void forget(String instanceId)
    {
        instances.remove(instanceId);
    }

    @Override
    public LogStore logs()
    {
        return local.logs();
    }

    @Override
    public MetricsStore metrics()
    {
        return local.metrics();
    }

    @Override
    public List<InstanceUsage> usage()
    {
        return List.of();
    }
}
