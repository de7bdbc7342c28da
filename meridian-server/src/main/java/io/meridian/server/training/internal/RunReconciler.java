package io.meridian.server.training.internal;

import io.meridian.executor.Command;
import io.meridian.executor.DeviceAllocation;
import io.meridian.executor.DeviceVendor;
import io.meridian.executor.Executor;
import io.meridian.executor.FaultDomain;
import io.meridian.executor.InstanceSpec;
import io.meridian.executor.InstanceState;
import io.meridian.executor.ObservedInstance;
import io.meridian.executor.WorkloadLaunch;
import io.meridian.executor.distributed.DistributedEnv;
import io.meridian.executor.distributed.InstanceEnv;
import io.meridian.executor.distributed.Member;
import io.meridian.executor.distributed.ReplicaRole;
import io.meridian.executor.distributed.Topology;
import io.meridian.server.resource.NodeSummary;
import io.meridian.server.scheduling.Placement;
import io.meridian.server.training.RunStatus;
import io.meridian.server.training.internal.RunAdmission.Standing;
import io.meridian.server.training.internal.TaskDefinition.FaultTolerance;
import io.meridian.server.training.internal.TaskDefinition.RestartPolicy;
import io.meridian.server.training.internal.TaskDefinition.RestartScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Makes what runs match what the database says should run, once a second on one thread (level-triggered: every pass
 * reads the whole desired state and the executor's whole observed state, so a missed pass or a server restart loses
 * nothing). A pass
 * <ol>
 * <li>copies the executor's view of every unsettled instance into its row (state, exit code, reason, the executor's
 * notes as run events);</li>
 * <li>moves every unfinished run along {@link RunStatus}: launches admitted runs on their placements, marks them
 * running, succeeded or failed from their instances, restarts the gang of a fault-tolerant run from its newest
 * checkpoint, queues a preempted run (or a fault-tolerant one whose node was cordoned or went not ready) again as a new
 * workload, stops what users stopped, and releases the scheduler's workload when a run ends.</li>
 * </ol>
 * It runs on its own thread rather than the shared {@code @Scheduled} one: a pass may wait for the executor, and must
 * not hold up other features' loops (nor be held up by them).
 */
@Component
class RunReconciler
        implements SmartLifecycle
{
    private static final Logger log = LoggerFactory.getLogger(RunReconciler.class);
    static final long PERIOD_MILLIS = 1000;

    private final RunRepository runs;
    private final RunAdmission admission;
    private final RunAlerts alerts;
    private final TrainingRuntime runtime;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration launchPause;
    // instances a stop was already sent to in this process; after a restart stops are simply sent again (idempotent)
    private final Set<String> stopsSent = ConcurrentHashMap.newKeySet();
    // the last waiting reason recorded per queued run, so that waiting adds an event only when the reason changes
    private final Map<String, String> waitingReasons = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService loop;

    RunReconciler(RunRepository runs, RunAdmission admission, RunAlerts alerts, TrainingRuntime runtime, PlatformTransactionManager transactions, Clock clock,
            @Value("${meridian.training.launch-pause:0s}") Duration launchPause)
    {
        this.launchPause = requireNonNull(launchPause, "launchPause is null");
        this.alerts = requireNonNull(alerts, "alerts is null");
        this.runs = requireNonNull(runs, "runs is null");
        this.admission = requireNonNull(admission, "admission is null");
        this.runtime = requireNonNull(runtime, "runtime is null");
        this.transaction = new TransactionTemplate(requireNonNull(transactions, "transactions is null"));
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public void start()
    {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("training-reconciler").daemon().factory());
        executor.scheduleWithFixedDelay(this::reconcileSafely, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        loop = executor;
    }

    @Override
    public void stop()
    {
        ScheduledExecutorService executor = loop;
        loop = null;
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(30, TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning()
    {
        return loop != null;
    }

    private void reconcileSafely()
    {
        try {
            long start = System.nanoTime();
            reconcile();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (millis > PERIOD_MILLIS) {
                // passes now run back to back: runs move later than users expect, and this is the number to watch
                log.warn("Training reconcile pass took {} ms, more than its {} ms period ({} unfinished runs)", millis, PERIOD_MILLIS, runs.active().size());
            }
        }
        catch (RuntimeException | Error e) {
            // the next pass starts from scratch anyway. Errors too: one escaping a scheduled task cancels it silently,
            // and every run would stay where it is for good (seen when a jar was replaced under a running server)
            log.error("Training reconcile pass failed", e);
        }
    }

    /** One pass. Package-visible so tests and the API can run one at once rather than wait for the next tick. */
    synchronized void reconcile()
    {
        Executor executor = runtime.executor();
        Map<String, ObservedInstance> observed = executor.observe().stream()
                .collect(Collectors.toMap(ObservedInstance::instanceId, Function.identity(), (a, b) -> a));
        for (InstanceRecord instance : runs.unsettledInstances()) {
            try {
                sync(instance, Optional.ofNullable(observed.get(instance.id())));
            }
            catch (RuntimeException e) {
                log.warn("Cannot record the state of instance {}", instance.id(), e);
            }
        }
        // the nodes of each cluster, read once per pass rather than once per running run
        Map<String, List<NodeSummary>> boundNodes = new HashMap<>();
        for (RunRecord run : runs.active()) {
            try {
                step(run, observed, boundNodes);
            }
            catch (RuntimeException e) {
                log.warn("Cannot reconcile training run {}", run.id(), e);
            }
        }
    }

    private void sync(InstanceRecord row, Optional<ObservedInstance> seen)
    {
        Instant now = clock.instant();
        if (row.state().equals(InstanceRecord.WAITING)) {
            // not launched, or launched by a pass that a crash cut short before it was recorded: launching decides (it resumes)
            return;
        }
        if (seen.isEmpty()) {
            // launched, yet the runtime has no trace of it (the node lost its state): it cannot come back
            runs.updateInstance(row.failed(InstanceState.Failed.UNKNOWN_EXIT_CODE, "the runtime lost the instance", FaultDomain.NODE.name(), now));
            return;
        }
        ObservedInstance instance = seen.get();
        String state = stateName(instance.state());
        Integer exitCode = instance.state() instanceof InstanceState.Failed failed ? failed.exitCode() : (instance.state() instanceof InstanceState.Succeeded ? 0 : null);
        String reason = instance.state() instanceof InstanceState.Failed failed ? failed.reason() : null;
        String faultDomain = instance.state() instanceof InstanceState.Failed failed ? failed.domain().name() : null;
        Instant startedAt = row.startedAt() == null && !state.equals(InstanceRecord.PENDING) ? now : row.startedAt();
        Instant finishedAt = instance.state().isTerminal() && row.finishedAt() == null ? now : row.finishedAt();
        boolean notesRecorded = row.notesRecorded();
        boolean changed = !state.equals(row.state()) && !state.equals(InstanceRecord.PENDING);
        if (changed || (!notesRecorded && !instance.notes().isEmpty())) {
            Optional<String> tenantId = runs.findById(row.runId()).map(RunRecord::tenantId);
            if (tenantId.isPresent()) {
                if (!notesRecorded) {
                    for (String note : instance.notes()) {
                        runs.addEvent(row.runId(), tenantId.get(), now, RunEvent.NOTE, null, null, row.slot() + ": " + note);
                    }
                    notesRecorded = true;
                }
                if (changed) {
                    String kind = state.equals(InstanceRecord.FAILED) ? RunEvent.FAULT : RunEvent.NOTE;
                    String detail = reason == null ? "" : ": " + reason + " (exit code " + exitCode + ")";
                    runs.addEvent(row.runId(), tenantId.get(), now, kind, null, null,
                            "%s (attempt %d) %s%s".formatted(row.slot(), row.attempt(), state.toLowerCase(Locale.ROOT), detail));
                }
            }
        }
        InstanceRecord updated = row.observed(state, exitCode, reason, faultDomain, notesRecorded, startedAt, finishedAt);
        if (!updated.equals(row)) {
            runs.updateInstance(updated);
        }
    }

    private void step(RunRecord run, Map<String, ObservedInstance> observed, Map<String, List<NodeSummary>> boundNodes)
    {
        switch (run.status()) {
            case CREATING -> submit(run);
            case QUEUED -> admit(run);
            case PREPARING, RUNNING, RESTARTING -> supervise(run, observed, boundNodes);
            case STOPPING -> finishStopping(run);
            case SUCCEEDED, FAILED, STOPPED, ABNORMAL -> { }
        }
    }

    /** A run whose creation was interrupted before its workload was submitted (the API submits in the same transaction). */
    private void submit(RunRecord run)
    {
        try {
            String workloadId = admission.submit(run);
            inTransaction(() -> {
                runs.setWorkload(run.id(), workloadId);
                runs.transition(run, RunStatus.QUEUED, null, "submitted to the scheduler as workload " + workloadId, clock.instant());
            });
        }
        catch (RuntimeException e) {
            end(run, RunStatus.ABNORMAL, "cannot submit the workload: " + e.getMessage());
        }
    }

    private void admit(RunRecord run)
    {
        Standing standing = admission.standing(run);
        switch (standing) {
            case Standing.Waiting waiting -> {
                String previous = waitingReasons.put(run.id(), waiting.reason());
                if (!waiting.reason().isEmpty() && !waiting.reason().equals(previous)) {
                    runs.addEvent(run.id(), run.tenantId(), clock.instant(), RunEvent.NOTE, null, null, "waiting for resources: " + waiting.reason());
                }
            }
            case Standing.Ended ended -> end(run, RunStatus.ABNORMAL, "the scheduler ended the workload while it waited: " + ended.reason());
            // admitted and preempted between two passes, before this run ever saw the admission
            case Standing.Preempted preempted -> requeue(run, preempted);
            case Standing.Admitted admitted -> {
                waitingReasons.remove(run.id());
                List<InstanceRecord> instances = instances(run, run.attempt(), admitted.placements());
                Instant now = clock.instant();
                inTransaction(() -> {
                    runs.insertInstances(run.tenantId(), instances);
                    runs.transition(run, RunStatus.PREPARING, null, "admitted: " + describe(instances), now);
                    runs.addEvent(run.id(), run.tenantId(), now, RunEvent.NOTE, null, null, backendNote(run));
                    if (admission.isInterim()) {
                        runs.addEvent(run.id(), run.tenantId(), now, RunEvent.NOTE, null, null,
                                "placed without the scheduler (not configured on this server): no capacity was reserved");
                    }
                    if (!run.definition().datasets().isEmpty() || !run.definition().myModels().isEmpty() || !run.definition().presetModels().isEmpty()) {
                        runs.addEvent(run.id(), run.tenantId(), now, RunEvent.NOTE, null, null,
                                "datasets and models are recorded as references; mounting them comes with the dataset and model features");
                    }
                });
            }
        }
    }

    /** PREPARING, RUNNING, RESTARTING: launch what is due, follow the current attempt's instances. */
    private void supervise(RunRecord run, Map<String, ObservedInstance> observed, Map<String, List<NodeSummary>> boundNodes)
    {
        Standing standing = admission.standing(run);
        if (standing instanceof Standing.Preempted preempted) {
            requeue(run, preempted);
            return;
        }
        if (standing instanceof Standing.Ended ended) {
            stopInstances(runs.instances(run.id()));
            end(run, RunStatus.ABNORMAL, "the scheduler ended the workload: " + ended.reason());
            return;
        }
        List<InstanceRecord> all = runs.instances(run.id());
        List<InstanceRecord> current = InstanceRecord.current(all);
        List<InstanceRecord> superseded = all.stream().filter(instance -> !instance.isFinished() && !current.contains(instance)).toList();
        if (!superseded.isEmpty()) {
            // a restart: the new instances start once nothing of the ones they replace runs (they would share the checkpoint)
            stopInstances(superseded);
            return;
        }
        if (current.isEmpty()) {
            end(run, RunStatus.ABNORMAL, "the run has no instances for attempt " + run.attempt());
            return;
        }
        if (run.status() == RunStatus.RUNNING) {
            Optional<NodeSummary> faulty = admission.faultyNode(run, current.stream().map(InstanceRecord::node).distinct().toList(), boundNodes);
            if (faulty.isPresent()) {
                onNodeFault(run, faulty.get(), current);
                return;
            }
        }
        List<InstanceRecord> waiting = current.stream().filter(instance -> instance.state().equals(InstanceRecord.WAITING)).toList();
        if (waiting.size() == current.size()) {
            launch(run, current);
            return;
        }
        if (!waiting.isEmpty()) {
            relaunch(run, waiting, all);
            return;
        }
        List<InstanceRecord> live = detectHangs(run, current, observed) ? InstanceRecord.current(runs.instances(run.id())) : current;

        // one fault fails others (the survivors of a DDP job fail on their next collective): act on the likeliest cause
        Optional<InstanceRecord> failed = live.stream()
                .filter(instance -> instance.state().equals(InstanceRecord.FAILED))
                .min(Comparator.comparingInt(RunReconciler::causeRank));
        if (failed.isPresent()) {
            onFailure(run, failed.get(), live);
            return;
        }
        if (SuccessPolicy.of(run.definition().mode()).isMet(live)) {
            // what the policy does not wait for (TensorFlow's parameter servers) serves until stopped: stopping it is no failure
            List<InstanceRecord> remaining = live.stream().filter(instance -> !instance.isFinished()).toList();
            if (!remaining.isEmpty()) {
                runs.addEvent(run.id(), run.tenantId(), clock.instant(), RunEvent.NOTE, null, null,
                        "the chief succeeded, and with it the run (TensorFlow's success policy); stopping " + remaining.stream().map(InstanceRecord::slot).collect(Collectors.joining(", ")));
                stopInstances(remaining);
            }
            end(run, RunStatus.SUCCEEDED, null);
            return;
        }
        if (live.stream().anyMatch(instance -> instance.state().equals(InstanceRecord.STOPPED))) {
            // stopped from outside the platform's stop (a user killed it by hand, or the host): nobody asked for it
            stopInstances(live);
            end(run, RunStatus.FAILED, "an instance was stopped outside Meridian");
            return;
        }
        boolean allUp = live.stream().allMatch(instance -> instance.state().equals(InstanceRecord.RUNNING) || instance.state().equals(InstanceRecord.SUCCEEDED));
        if (allUp && run.status() != RunStatus.RUNNING) {
            String message = run.status() == RunStatus.RESTARTING
                    ? "attempt %d running: resumed from the newest complete checkpoint".formatted(run.attempt())
                    : "all instances running";
            inTransaction(() -> runs.transition(run, RunStatus.RUNNING, null, message, clock.instant()));
        }
    }

    /**
     * Marks running instances that made no progress for the task's hang timeout as failed and stops them; true if any.
     * Progress is the newest of the instance's start and its last {@code meridian_runtime.heartbeat()}.
     */
    private boolean detectHangs(RunRecord run, List<InstanceRecord> current, Map<String, ObservedInstance> observed)
    {
        int timeout = run.definition().faultTolerance().hangTimeoutSeconds();
        if (timeout <= 0) {
            return false;
        }
        Instant now = clock.instant();
        boolean found = false;
        for (InstanceRecord instance : current) {
            if (!instance.state().equals(InstanceRecord.RUNNING) || instance.startedAt() == null) {
                continue;
            }
            Instant heartbeat = Optional.ofNullable(observed.get(instance.id())).flatMap(ObservedInstance::lastHeartbeat).orElse(Instant.EPOCH);
            Instant progress = heartbeat.isAfter(instance.startedAt()) ? heartbeat : instance.startedAt();
            if (Duration.between(progress, now).toSeconds() < timeout) {
                continue;
            }
            String reason = "hung: no heartbeat for %d s".formatted(Duration.between(progress, now).toSeconds());
            runs.updateInstance(instance.failed(InstanceState.Failed.UNKNOWN_EXIT_CODE, reason, InstanceRecord.HANG, now));
            runs.addEvent(run.id(), run.tenantId(), now, RunEvent.FAULT, null, null, "%s (attempt %d) %s".formatted(instance.slot(), instance.attempt(), reason));
            if (stopsSent.add(instance.id())) {
                runtime.executor().stop(instance.id());
            }
            found = true;
        }
        return found;
    }

    /**
     * An instance of the run failed (or hung). Without fault tolerance, with no restart left, or when the restart policy
     * does not retry this failure, the run fails. A node's fault cordons the node and re-places the whole job elsewhere
     * (001-A §6.8); otherwise the job restarts where it ran, whole or, with the INSTANCE scope, only the failed worker
     * (§6.10).
     */
    private void onFailure(RunRecord run, InstanceRecord failed, List<InstanceRecord> current)
    {
        String fault = "%s failed: %s (exit code %s)".formatted(failed.slot(), failed.reason(), failed.exitCode());
        FaultTolerance tolerance = run.definition().faultTolerance();
        boolean nodeFault = FaultDomain.NODE.name().equals(failed.faultDomain());
        if (nodeFault) {
            String reason = "the node's fault under %s of training run %s: %s".formatted(failed.slot(), run.id(), failed.reason());
            if (admission.cordonForFault(run, failed.node(), reason)) {
                runs.addEvent(run.id(), run.tenantId(), clock.instant(), RunEvent.FAULT, null, null,
                        "node %s cordoned: the fault of %s was the node's; it takes no new work until an operator uncordons it".formatted(failed.node(), failed.slot()));
            }
        }
        Optional<String> refusal = refusal(run, failed);
        if (refusal.isPresent()) {
            stopInstances(current);
            end(run, RunStatus.FAILED, fault + "; " + refusal.get());
            return;
        }
        if (nodeFault) {
            replace(run, fault);
            return;
        }
        if (tolerance.restartScope() == RestartScope.INSTANCE && restartsAlone(run, failed)) {
            restartAlone(run, failed, fault);
            return;
        }
        stopInstances(current);
        int attempt = run.attempt() + 1;
        List<Placement> placements = current.stream().map(RunReconciler::placement).toList();
        List<InstanceRecord> next = instances(run, attempt, placements);
        beginRestart(run, attempt, next, fault,
                "restart %d of %d: the job is stopped and launched again as attempt %d".formatted(run.restarts() + 1, tolerance.maxRestarts(), attempt));
    }

    /** Root causes first: a node fault, then a hang, then being killed (signal or unknown exit), then a program's own exit code. */
    private static int causeRank(InstanceRecord failed)
    {
        if (FaultDomain.NODE.name().equals(failed.faultDomain())) {
            return 0;
        }
        if (InstanceRecord.HANG.equals(failed.faultDomain())) {
            return 1;
        }
        return failed.exitCode() == null || failed.exitCode() < 0 || failed.exitCode() >= 128 ? 2 : 3;
    }

    /** Why a failure is not restarted, if it is not: no fault tolerance, no restart left, or the restart policy says so. */
    private static Optional<String> refusal(RunRecord run, InstanceRecord failed)
    {
        FaultTolerance tolerance = run.definition().faultTolerance();
        if (!tolerance.enabled()) {
            return Optional.of("fault tolerance is off");
        }
        if (run.restarts() >= tolerance.maxRestarts()) {
            return Optional.of("no restart left of " + tolerance.maxRestarts());
        }
        boolean programVerdict = FaultDomain.INSTANCE.name().equals(failed.faultDomain()) && failed.exitCode() != null
                && failed.exitCode() > 0 && failed.exitCode() < 128;
        if (tolerance.restartPolicy() == RestartPolicy.EXIT_CODE && programVerdict) {
            return Optional.of("restart policy EXIT_CODE: exit code %d is the program's own verdict, not retried".formatted(failed.exitCode()));
        }
        return Optional.empty();
    }

    /**
     * Whether the failed instance may restart while the others keep running: a worker (not the master, chief or a
     * parameter server, which hold what the others depend on) that was launched with a recorded rendezvous environment.
     */
    private static boolean restartsAlone(RunRecord run, InstanceRecord failed)
    {
        return run.definition().mode() != TrainingMode.SINGLE
                && (failed.role().equals("worker") || failed.role().equals("evaluator"))
                && failed.launchEnv() != null;
    }

    /** 单Pod重调度: only the failed instance is launched again, as the run's next attempt, on its node and cards. */
    private void restartAlone(RunRecord run, InstanceRecord failed, String fault)
    {
        int attempt = run.attempt() + 1;
        InstanceRecord next = InstanceRecord.waiting(run.id(), attempt, failed.role(), failed.index(), failed.node(), failed.devices());
        beginRestart(run, attempt, List.of(next), fault,
                "restart %d of %d: only %s is launched again, as attempt %d; the other instances keep running"
                        .formatted(run.restarts() + 1, run.definition().faultTolerance().maxRestarts(), failed.slot(), attempt));
    }

    /** Records a restart (RESTARTING, with its alert, once per episode) and the instances of its attempt, to be launched next pass. */
    private void beginRestart(RunRecord run, int attempt, List<InstanceRecord> next, String fault, String message)
    {
        Instant now = clock.instant();
        inTransaction(() -> {
            if (run.status() != RunStatus.RESTARTING) {
                if (runs.transition(run, RunStatus.RESTARTING, null, message, now)) {
                    alerts.transitioned(run, RunStatus.RESTARTING, fault, now);
                }
            }
            else {
                runs.addEvent(run.id(), run.tenantId(), now, RunEvent.NOTE, null, null, message);
            }
            runs.beginAttempt(run.id(), attempt, run.restarts() + 1, now);
            runs.insertInstances(run.tenantId(), next);
        });
    }

    /**
     * A node under the current instances was cordoned or stopped heartbeating (001-A §6.8): its instances cannot be
     * trusted to go on, and a restart in place would land on the same node. A fault-tolerant run is re-placed; any other
     * run fails with the node as the reason.
     */
    private void onNodeFault(RunRecord run, NodeSummary node, List<InstanceRecord> current)
    {
        String fault = "node %s is %s".formatted(node.name(), node.status());
        runs.addEvent(run.id(), run.tenantId(), clock.instant(), RunEvent.FAULT, null, null, "%s under attempt %d".formatted(fault, run.attempt()));
        FaultTolerance tolerance = run.definition().faultTolerance();
        if (!tolerance.enabled() || run.restarts() >= tolerance.maxRestarts()) {
            stopInstances(current);
            end(run, RunStatus.FAILED, tolerance.enabled() ? fault + "; no restart left of " + tolerance.maxRestarts() : fault);
            return;
        }
        replace(run, fault);
    }

    /**
     * Re-places the whole job away from a faulty node: the run is stopped, its workload given back and submitted again as
     * its next attempt, so that the scheduler places it on nodes that take work. It uses up a fault-tolerance restart.
     */
    private void replace(RunRecord run, String fault)
    {
        FaultTolerance tolerance = run.definition().faultTolerance();
        // the current workload holds the faulty node: give it back before the next one asks for a placement
        admission.release(run);
        requeue(run, run.restarts() + 1, "node fault",
                attempt -> "restart %d of %d: %s; the job is stopped and submitted to the scheduler again as attempt %d"
                        .formatted(run.restarts() + 1, tolerance.maxRestarts(), fault, attempt));
    }

    /**
     * A lender quota took back the capacity the run borrowed (001-B §4.4): its instances are stopped as for a restart and it
     * waits again as a new workload, to run as its next attempt (new instance ids; the executor's workload is still the run, so
     * checkpoints carry over) when capacity returns. Preemption is not the training code's fault: it does not use up a
     * fault-tolerance restart.
     */
    private void requeue(RunRecord run, Standing.Preempted preempted)
    {
        requeue(run, run.restarts(), "preempted",
                attempt -> RunEvent.keyed("training.event.preempted", preempted.lender(), preempted.preemptor(), String.valueOf(attempt)));
    }

    /**
     * Stops the run's unfinished instances and queues it again as a new workload of its next attempt ({@code message} gets
     * the attempt number), with {@code restarts} fault-tolerance restarts used.
     */
    private void requeue(RunRecord run, int restarts, String cause, IntFunction<String> message)
    {
        List<InstanceRecord> all = runs.instances(run.id());
        List<InstanceRecord> unfinished = all.stream().filter(instance -> !instance.isFinished()).toList();
        stopInstances(unfinished);
        stopUnrecorded(unrecorded(unfinished));
        // a run preempted before it launched anything keeps its attempt number
        int attempt = all.stream().anyMatch(instance -> instance.attempt() == run.attempt()) ? run.attempt() + 1 : run.attempt();
        String event = message.apply(attempt);
        Instant now = clock.instant();
        try {
            inTransaction(() -> {
                for (InstanceRecord instance : unfinished) {
                    if (instance.state().equals(InstanceRecord.WAITING)) {
                        // never launched: nothing to stop, and it must not hold up the next attempt
                        runs.updateInstance(instance.withdrawn(now));
                    }
                }
                if (run.status() == RunStatus.QUEUED) {
                    runs.addEvent(run.id(), run.tenantId(), now, RunEvent.NOTE, null, null, event);
                }
                else if (!runs.transition(run, RunStatus.QUEUED, null, event, now)) {
                    // stopped meanwhile: the stop finishes it
                    return;
                }
                String workloadId = admission.submit(run);
                runs.setWorkload(run.id(), workloadId);
                runs.beginAttempt(run.id(), attempt, restarts, now);
                runs.addEvent(run.id(), run.tenantId(), now, RunEvent.NOTE, null, null, "submitted to the scheduler again as workload " + workloadId);
            });
            waitingReasons.remove(run.id());
        }
        catch (RuntimeException e) {
            end(run, RunStatus.ABNORMAL, cause + ", and the workload cannot be submitted again: " + e.getMessage());
        }
    }

    private void finishStopping(RunRecord run)
    {
        List<InstanceRecord> unfinished = runs.instances(run.id()).stream().filter(instance -> !instance.isFinished()).toList();
        stopUnrecorded(unrecorded(unfinished));
        Instant now = clock.instant();
        for (InstanceRecord instance : unfinished) {
            if (instance.state().equals(InstanceRecord.WAITING)) {
                // never launched: nothing to stop
                runs.updateInstance(instance.withdrawn(now));
            }
        }
        List<InstanceRecord> launched = unfinished.stream().filter(instance -> !instance.state().equals(InstanceRecord.WAITING)).toList();
        if (!launched.isEmpty()) {
            stopInstances(launched);
            return;
        }
        end(run, RunStatus.STOPPED, null);
    }

    /**
     * Launches every instance of a new attempt: their rendezvous environment is computed now, and kept for restarts
     * alone; or, when a crash cut the attempt's launch short, resumes it with the environments it began with.
     */
    private void launch(RunRecord run, List<InstanceRecord> instances)
    {
        start(run, instances, instances, ranked -> {
            if (ranked.stream().allMatch(instance -> instance.launchEnv() != null)) {
                return ranked.stream().collect(Collectors.toMap(InstanceRecord::id, RunReconciler::recordedEnv, (a, b) -> a, LinkedHashMap::new));
            }
            TaskDefinition definition = run.definition();
            List<Member> members = ranked.stream().map(instance -> new Member(instance.id(), replicaRole(instance.role()), instance.node())).toList();
            return DistributedEnv.build(new Topology(definition.mode().executorFramework(), members, definition.nprocPerNode()), runtime.executor().endpoints());
        });
    }

    /**
     * Launches instances restarted alone with the rendezvous environment of the instance they replace, so that they rejoin
     * the running ones with the same rank and addresses.
     */
    private void relaunch(RunRecord run, List<InstanceRecord> waiting, List<InstanceRecord> all)
    {
        start(run, waiting, all, ranked -> {
            Map<String, InstanceEnv> environments = new LinkedHashMap<>();
            for (InstanceRecord instance : ranked) {
                if (instance.launchEnv() != null) {
                    // its own launch was cut short by a crash: resumed as it began
                    environments.put(instance.id(), recordedEnv(instance));
                    continue;
                }
                LaunchEnv previous = all.stream()
                        .filter(other -> other.slot().equals(instance.slot()) && other.attempt() < instance.attempt() && other.launchEnv() != null)
                        .max((a, b) -> Integer.compare(a.attempt(), b.attempt()))
                        .map(other -> Json.read(other.launchEnv(), LaunchEnv.class))
                        .orElseThrow(() -> new IllegalStateException(instance.slot() + " has no earlier launch to rejoin as"));
                environments.put(instance.id(), new InstanceEnv(previous.env(), previous.files()));
            }
            return environments;
        });
    }

    /**
     * Starts {@code instances} (master or chief first) with the rendezvous environments {@code rendezvous} gives them, and
     * records each one's environment for a later restart alone. If that fails, {@code onFailure} are stopped and the
     * run ends ABNORMAL.
     * <p>
     * Resumable from any point: the environments are written ahead (the instances stay WAITING), the executor's launch is
     * idempotent, and the instances become PENDING in one transaction after it; a crash anywhere in between leaves WAITING
     * instances that the next pass launches again with the same environments, which starts only what had not started.
     */
    private void start(RunRecord run, List<InstanceRecord> instances, List<InstanceRecord> onFailure,
            Function<List<InstanceRecord>, Map<String, InstanceEnv>> rendezvous)
    {
        List<InstanceRecord> launched = new ArrayList<>();
        List<InstanceSpec> specs = new ArrayList<>();
        try {
            List<InstanceRecord> ranked = instances.stream().sorted((a, b) -> rank(a) != rank(b) ? Integer.compare(rank(a), rank(b)) : Integer.compare(a.index(), b.index())).toList();
            Map<String, InstanceEnv> environments = rendezvous.apply(ranked);
            Optional<String> tensorboard = runtime.prepareTensorBoard(run);
            List<InstanceRecord> launching = new ArrayList<>();
            for (InstanceRecord instance : ranked) {
                InstanceEnv environment = environments.get(instance.id());
                specs.add(spec(run, instance, environment, tensorboard));
                String launchEnv = Json.write(new LaunchEnv(environment.env(), environment.files()));
                if (!launchEnv.equals(instance.launchEnv())) {
                    launching.add(instance.launching(launchEnv));
                }
                launched.add(instance.launched(launchEnv));
            }
            inTransaction(() -> launching.forEach(runs::updateInstance));
            runtime.executor().launch(new WorkloadLaunch(run.id(), runtime.tenancy(run.tenantId()), specs));
        }
        catch (RuntimeException e) {
            stopInstances(onFailure);
            stopUnrecorded(specs.stream().map(InstanceSpec::id).toList());
            end(run, RunStatus.ABNORMAL, "cannot launch the instances: " + e.getMessage());
            return;
        }
        pauseForFaultTests(run);
        inTransaction(() -> {
            launched.forEach(runs::updateInstance);
            runs.addEvent(run.id(), run.tenantId(), clock.instant(), RunEvent.NOTE, null, null, "attempt %d launched: %s".formatted(run.attempt(), describe(instances)));
        });
    }

    private static InstanceEnv recordedEnv(InstanceRecord instance)
    {
        LaunchEnv recorded = Json.read(instance.launchEnv(), LaunchEnv.class);
        return new InstanceEnv(recorded.env(), recorded.files());
    }

    /**
     * {@code meridian.training.launch-pause}, zero but in the crash tests: the time between the executor's launch and
     * its record, so that a test can kill the server in that window every time rather than by luck.
     */
    private void pauseForFaultTests(RunRecord run)
    {
        if (launchPause.isZero()) {
            return;
        }
        log.info("Launched the instances of training run {}; recording them in {}", run.id(), launchPause);
        try {
            Thread.sleep(launchPause);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops instances a launch may have started without recording it (WAITING, with an environment written ahead);
     * the executor does not know those it never started, which is fine.
     */
    private void stopUnrecorded(List<String> instanceIds)
    {
        for (String instanceId : instanceIds) {
            try {
                runtime.executor().stop(instanceId);
            }
            catch (RuntimeException e) {
                log.debug("Instance {} was not started, nothing to stop", instanceId, e);
            }
        }
    }

    private static List<String> unrecorded(List<InstanceRecord> instances)
    {
        return instances.stream()
                .filter(instance -> instance.state().equals(InstanceRecord.WAITING) && instance.launchEnv() != null)
                .map(InstanceRecord::id)
                .toList();
    }

    private InstanceSpec spec(RunRecord run, InstanceRecord instance, InstanceEnv rendezvous, Optional<String> tensorboard)
    {
        TaskDefinition definition = run.definition();
        Map<String, String> env = new LinkedHashMap<>();
        definition.env().forEach(variable -> env.put(variable.name(), variable.value()));
        env.putAll(rendezvous.env());
        env.put("MERIDIAN_RUN_ID", run.id());
        env.put("MERIDIAN_TASK_ID", run.taskId());
        env.put("MERIDIAN_ATTEMPT", String.valueOf(instance.attempt()));
        tensorboard.ifPresent(directory -> env.put(TensorBoardFiles.ENV, directory));
        return new InstanceSpec(instance.id(), instance.role(), instance.node(), devices(instance.devices()), Command.shell(definition.command()), env,
                TrainingRuntime.workingDir(definition), runtime.storage(run), rendezvous.files());
    }

    /** What an instance was launched with besides the task's own settings: its rank, the rendezvous addresses, its files. */
    record LaunchEnv(Map<String, String> env, Map<String, String> files)
    {
        LaunchEnv
        {
            env = Map.copyOf(env);
            files = Map.copyOf(files);
        }
    }

    /** Moves the run to a final status and gives its resources back. */
    private void end(RunRecord run, RunStatus status, String reason)
    {
        String message = reason == null ? status.name().toLowerCase(Locale.ROOT) : reason;
        boolean moved = Boolean.TRUE.equals(transaction.execute(tx -> {
            Instant now = clock.instant();
            boolean transitioned = runs.transition(run, status, reason, message, now);
            if (transitioned) {
                alerts.transitioned(run, status, reason, now);
            }
            return transitioned;
        }));
        if (moved) {
            waitingReasons.remove(run.id());
            try {
                admission.release(run);
            }
            catch (RuntimeException e) {
                log.warn("Cannot release the workload of training run {}", run.id(), e);
            }
        }
    }

    private void stopInstances(List<InstanceRecord> instances)
    {
        for (InstanceRecord instance : instances) {
            if (instance.isFinished() || instance.state().equals(InstanceRecord.WAITING) || !stopsSent.add(instance.id())) {
                continue;
            }
            try {
                runtime.executor().stop(instance.id());
            }
            catch (RuntimeException e) {
                stopsSent.remove(instance.id());
                log.warn("Cannot stop instance {}", instance.id(), e);
            }
        }
    }

    private void inTransaction(Runnable work)
    {
        transaction.executeWithoutResult(tx -> work.run());
    }

    private String backendNote(RunRecord run)
    {
        return "backend local: the command runs on this host with %s, as %s; the image %s is recorded but not pulled; devices are assigned through %s"
                .formatted(runtime.isIsolated() ? "a bubblewrap sandbox (/work layout, read-only system directories)" : "no isolation (paths passed via environment)",
                        runtime.switchesUser()
                                ? "the tenant's unprivileged uid " + runtime.tenancy(run.tenantId()).uid()
                                : "the server's own user (the server is not root, so it cannot switch users)",
                        run.definition().image(), "CUDA_VISIBLE_DEVICES / ASCEND_RT_VISIBLE_DEVICES");
    }

    static List<InstanceRecord> instances(RunRecord run, int attempt, List<Placement> placements)
    {
        return placements.stream()
                .map(placement -> InstanceRecord.waiting(run.id(), attempt, placement.role(), placement.index(),
                        placement.nodeName() == null ? placement.nodeId() : placement.nodeName(), devicesText(placement)))
                .toList();
    }

    private static Placement placement(InstanceRecord instance)
    {
        DeviceAllocation devices = devices(instance.devices());
        return new Placement(instance.role() + "-" + instance.index(), instance.role(), instance.index(), instance.node(), instance.node(),
                devices.indices(), null, devices.isEmpty() ? null : devices.vendor().name(), 0, 0, 0);
    }

    /** {@code NVIDIA:0,1}, or empty without devices. */
    private static String devicesText(Placement placement)
    {
        if (placement.deviceIndices().isEmpty()) {
            return "";
        }
        return vendor(placement).name() + ":" + placement.deviceIndices().stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static DeviceVendor vendor(Placement placement)
    {
        if (placement.vendor() != null) {
            for (DeviceVendor vendor : DeviceVendor.values()) {
                if (placement.vendor().equalsIgnoreCase(vendor.name())) {
                    return vendor;
                }
            }
        }
        // the catalog's Ascend models are named 910B, 910C…
        String model = placement.deviceModel() == null ? "" : placement.deviceModel().toUpperCase(Locale.ROOT);
        return model.contains("910") || model.contains("ASCEND") ? DeviceVendor.ASCEND : DeviceVendor.NVIDIA;
    }

    static DeviceAllocation devices(String text)
    {
        if (text == null || text.isEmpty()) {
            return DeviceAllocation.none();
        }
        String[] parts = text.split(":", 2);
        List<Integer> indices = Arrays.stream(parts[1].split(",")).filter(part -> !part.isEmpty()).map(Integer::valueOf).toList();
        return new DeviceAllocation(DeviceVendor.valueOf(parts[0]), indices);
    }

    private static String describe(List<InstanceRecord> instances)
    {
        return instances.stream()
                .map(instance -> instance.slot() + " on " + instance.node() + (instance.devices().isEmpty() ? "" : " (" + instance.devices() + ")"))
                .collect(Collectors.joining(", "));
    }

    private static int rank(InstanceRecord instance)
    {
        return switch (instance.role()) {
            case "master", "chief" -> 0;
            case "worker" -> 1;
            default -> 2;
        };
    }

    private static ReplicaRole replicaRole(String role)
    {
        return ReplicaRole.valueOf(role.toUpperCase(Locale.ROOT));
    }

    private static String stateName(InstanceState state)
    {
        return switch (state) {
            case InstanceState.Pending ignored -> InstanceRecord.PENDING;
            case InstanceState.Running ignored -> InstanceRecord.RUNNING;
            case InstanceState.Succeeded ignored -> InstanceRecord.SUCCEEDED;
            case InstanceState.Failed ignored -> InstanceRecord.FAILED;
            case InstanceState.Stopped ignored -> InstanceRecord.STOPPED;
        };
    }
}
