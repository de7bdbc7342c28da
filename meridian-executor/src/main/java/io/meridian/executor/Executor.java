package io.meridian.executor;

import io.meridian.executor.usage.InstanceUsage;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The execution SPI that every cluster backend implements ({@code local} today; {@code kubernetes} and
 * {@code slurm} later). The server's reconciler drives it: it launches the instances of an admitted,
 * placed workload, repeatedly {@linkplain #observe() observes} what actually runs, compares that with
 * what it wants, and stops or relaunches. Observation is level-triggered: every call returns the full
 * current state, so a missed call loses nothing.
 *
 * <p>All state a backend needs lives outside the server process (on disk for {@code local}, in the API
 * server for {@code kubernetes}, in slurmctld for {@code slurm}), so a new executor built after a server
 * restart {@linkplain #reattach() reattaches} to instances that kept running.
 */
public interface Executor
{
    /**
     * Short backend name shown to users, such as {@code local}.
     */
    String backend();

    /**
     * How instances of this backend reach each other; used to build distributed training environments.
     */
    Endpoints endpoints();

    /**
     * Starts every instance of the workload. Returns once each instance is at least Pending.
     * <p>
     * Idempotent: an instance id this backend already started for the workload is left as it is, so a caller that
     * crashed in the middle of a launch resumes it by launching the same instances again. A relaunch after a failure
     * uses new instance ids (an attempt number), like pods of a new generation.
     *
     * @throws IllegalArgumentException if an instance id is already known to this backend in another workload
     */
    void launch(WorkloadLaunch launch);

    /**
     * The current observed state of every instance this backend knows, including finished ones until they are
     * {@linkplain #forget(String) forgotten}.
     */
    List<ObservedInstance> observe();

    /**
     * Adopts the instances left by an earlier server process and returns their observed state. Idempotent.
     */
    List<ObservedInstance> reattach();

    /**
     * Stops one instance: the whole process tree (or pod, or job step) is terminated, gracefully first.
     * The future completes when nothing of the instance runs any more; {@link #observe()} then reports it
     * as {@link InstanceState.Stopped} unless it had already finished.
     */
    CompletableFuture<Void> stop(String instanceId);

    /**
     * Stops every instance of a workload, as a gang restart or a cancel needs.
     */
    CompletableFuture<Void> stopWorkload(String workloadId);

    /**
     * Drops a finished instance and its persisted state (logs, metrics). Running instances cannot be forgotten.
     */
    void forget(String instanceId);

    /**
     * Persisted output (stdout and stderr) of instances.
     */
    LogStore logs();

    /**
     * Metrics the instances reported through the {@code meridian_runtime} Python helper.
     */
    MetricsStore metrics();

    /**
     * The resource usage of every running instance, read now: cumulative CPU time, resident memory, storage I/O,
     * process count, the limits enforced on the instance alone, network traffic where it can be attributed to the
     * instance, and the metrics of the real accelerators it holds. Instances that are not running are left out.
     * Callers compute rates from two readings.
     */
    List<InstanceUsage> usage();
}
