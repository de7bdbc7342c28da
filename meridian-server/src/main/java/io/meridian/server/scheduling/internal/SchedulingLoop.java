package io.meridian.server.scheduling.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * Runs scheduling cycles on one dedicated thread, so cycles never overlap and the in-memory cluster state of one cycle is
 * never shared: every second, and at once after a submit or release committed. Each cycle reads everything it needs from
 * the database, so a restart loses nothing and books nothing twice.
 */
@Component
class SchedulingLoop
        implements SmartLifecycle
{
    private static final Logger log = LoggerFactory.getLogger(SchedulingLoop.class);
    static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration WAIT_LIMIT = Duration.ofMinutes(1);
    private static final String THREAD_NAME = "meridian-scheduler";

    private final WorkloadRepository workloads;
    private final ClusterCycle cycle;
    private final AtomicBoolean triggered = new AtomicBoolean();
    private volatile ScheduledExecutorService executor;
    private volatile Thread thread;

    SchedulingLoop(WorkloadRepository workloads, ClusterCycle cycle)
    {
        this.workloads = requireNonNull(workloads, "workloads is null");
        this.cycle = requireNonNull(cycle, "cycle is null");
    }

    @Override
    public synchronized void start()
    {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread created = new Thread(runnable, THREAD_NAME);
            created.setDaemon(true);
            thread = created;
            return created;
        });
        executor.scheduleWithFixedDelay(this::runSafely, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop()
    {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running == null) {
            return;
        }
        running.shutdownNow();
        try {
            if (!running.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("The scheduling loop did not stop within 10 seconds");
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning()
    {
        return executor != null;
    }

    /**
     * Asks for a cycle soon: after the current transaction commits (the cycle must see the new or released workload), or
     * now when there is none. Several requests before the cycle starts make one cycle.
     */
    void trigger()
    {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization()
            {
                @Override
                public void afterCommit()
                {
                    submitTrigger();
                }
            });
        }
        else {
            submitTrigger();
        }
    }

    /** Runs a cycle on the loop's thread and waits for it. */
    void runNow()
    {
        ScheduledExecutorService running = executor;
        if (running == null || Thread.currentThread() == thread) {
            runCycle();
            return;
        }
        Future<?> done = running.submit(this::runCycle);
        try {
            done.get(WAIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a scheduling cycle", e);
        }
        catch (ExecutionException e) {
            throw new IllegalStateException("The scheduling cycle failed", e.getCause());
        }
        catch (TimeoutException e) {
            throw new IllegalStateException("The scheduling cycle did not finish within " + WAIT_LIMIT, e);
        }
    }

    private void submitTrigger()
    {
        ScheduledExecutorService running = executor;
        if (running != null && triggered.compareAndSet(false, true)) {
            try {
                running.execute(() -> {
                    triggered.set(false);
                    runSafely();
                });
            }
            catch (RuntimeException e) {
                // Shutting down: the next start runs a cycle anyway.
                triggered.set(false);
            }
        }
    }

    private void runSafely()
    {
        try {
            runCycle();
        }
        catch (RuntimeException e) {
            log.error("Scheduling cycle failed; retrying in {}", INTERVAL, e);
        }
    }

    private void runCycle()
    {
        // One cluster after another, each cycle committing before the next starts: a cycle counting the users' and tenants'
        // holdings across clusters (for their limits) sees what the earlier cycles of this pass admitted.
        for (String clusterId : workloads.clustersWithPendingWork()) {
            try {
                cycle.run(clusterId);
            }
            catch (RuntimeException e) {
                // One cluster's trouble (a node record the library refuses) must not stop the others.
                log.error("Scheduling cycle of cluster {} failed", clusterId, e);
            }
        }
    }
}
