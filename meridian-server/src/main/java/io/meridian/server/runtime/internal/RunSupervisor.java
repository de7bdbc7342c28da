package io.meridian.server.runtime.internal;

import io.meridian.executor.Command;
import io.meridian.executor.DeviceAllocation;
import io.meridian.executor.DeviceVendor;
import io.meridian.executor.Executor;
import io.meridian.executor.InstanceSpec;
import io.meridian.executor.InstanceState;
import io.meridian.executor.ObservedInstance;
import io.meridian.executor.WorkloadLaunch;
import io.meridian.executor.distributed.DistributedEnv;
import io.meridian.executor.distributed.Framework;
import io.meridian.executor.distributed.InstanceEnv;
import io.meridian.executor.distributed.Member;
import io.meridian.executor.distributed.ReplicaRole;
import io.meridian.executor.distributed.Topology;
import io.meridian.server.environment.ResolvedEnvironment;
import io.meridian.server.environment.WorkloadEnvironments;
import io.meridian.server.resource.NodeSummary;
import io.meridian.server.runtime.FaultTolerance;
import io.meridian.server.runtime.GangSpec;
import io.meridian.server.runtime.InstanceFault;
import io.meridian.server.runtime.InstanceRecord;
import io.meridian.server.runtime.InstanceStatus;
import io.meridian.server.runtime.RunEvent;
import io.meridian.server.runtime.RunRecord;
import io.meridian.server.runtime.RunStatus;
import io.meridian.server.runtime.WorkloadOwner;
import io.meridian.server.runtime.internal.GangAdmission.Standing;
import io.meridian.server.scheduling.Placement;
import io.meridian.server.scheduling.WorkloadAdmitted;
import io.meridian.server.scheduling.WorkloadPreempted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
 * Makes what runs match what the database says should run, for every kind of work, once a second and at once when the
 * scheduler admits or preempts a workload, on one thread. Level-triggered: every pass reads the whole desired state and
 * every executor's whole observed state, so a missed event, a missed pass or a server restart loses nothing. A pass
 * reads in a handful of statements whatever the number of runs (the unfinished runs, their instances, the unsettled
 * instances, where their workloads stand) and one observation per executor; it writes only what changed. It
 * <ol>
 * <li>copies each executor's view of every unsettled instance into its row (state, exit code, reason, the executor's
 * notes as run events);</li>
 * <li>moves every unfinished run along {@link RunStatus}: launches admitted gangs on their placements with their
 * owner's commands and the framework's rendezvous environment, marks them running, succeeded (by the gang's success
 * policy) or failed, detects hangs, restarts a fault-tolerant gang (or one instance of it) by its restart policy,
 * cordons a node whose fault failed an instance and re-places the gang elsewhere, requeues a preempted gang as a new
 * workload, stops what users stopped, and releases the scheduler's workload when a run ends.</li>
 * </ol>
 * It runs on its own thread rather than the shared {@code @Scheduled} one: a pass may wait for an executor, and must
 * not hold up other features' loops (nor be held up by them).
 */
@Component
class RunSupervisor
        implements SmartLifecycle
{
    private static final Logger log = LoggerFactory.getLogger(RunSupervisor.class);
    static final long PERIOD_MILLIS = 1000;

    private final RunRepository runs;
    private final GangAdmission admission;
    private final WorkloadOwners owners;
    private final Backends backends;
    private final RunAlerts alerts;
    private final WorkloadEnvironments environments;
    private final LocalHost host;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration launchPause;
    // instances a stop was already sent to in this process; after a restart stops are simply sent again (idempotent)
    private final Set<String> stopsSent = ConcurrentHashMap.newKeySet();
    // the last waiting reason recorded per queued run, so that waiting adds an event only when the reason changes
    private final Map<String, String> waitingReasons = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService loop;

    RunSupervisor(RunRepository runs, GangAdmission admission, WorkloadOwners owners, Backends backends, RunAlerts alerts, WorkloadEnvironments environments,
            LocalHost host, PlatformTransactionManager transactions,
            Clock clock, @Value("${meridian.training.launch-pause:0s}") Duration launchPause)
    {
        this.runs = requireNonNull(runs, "runs is null");
        this.admission = requireNonNull(admission, "admission is null");
        this.owners = requireNonNull(owners, "owners is null");
        this.backends = requireNonNull(backends, "backends is null");
        this.alerts = requireNonNull(alerts, "alerts is null");
        this.environments = requireNonNull(environments, "environments is null");
        this.host = requireNonNull(host, "host is null");
        this.transaction = new TransactionTemplate(requireNonNull(transactions, "transactions is null"));
        this.clock = requireNonNull(clock, "clock is null");
        this.launchPause = requireNonNull(launchPause, "launchPause is null");
    }

    @Override
    public void start()
    {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("run-supervisor").daemon().factory());
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

    /** The scheduler admitted a workload: launch now rather than at the next tick (the pass reads the database, not the event). */
    @TransactionalEventListener(fallbackExecution = true)
    void on(WorkloadAdmitted event)
    {
        wake();
    }

    /** The scheduler preempted a workload: stop and requeue now. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(WorkloadPreempted event)
    {
        wake();
    }

    private void wake()
    {
        ScheduledExecutorService executor = loop;
        if (executor != null) {
            executor.execute(this::reconcileSafely);
        }
    }

    private void reconcileSafely()
    {
        try {
            long start = System.nanoTime();
            int active = reconcile();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (millis > PERIOD_MILLIS) {
                // passes now run back to back: runs move later than users expect, and this is the number to watch
                log.warn("Run supervisor pass took {} ms, more than its {} ms period ({} unfinished runs)", millis, PERIOD_MILLIS, active);
            }
        }
        catch (RuntimeException | Error e) {
            // the next pass starts from scratch anyway. Errors too: one escaping a scheduled task cancels it silently,
            // and every run would stay where it is for good (seen when a jar was replaced under a running server)
            log.error("Run supervisor pass failed", e);
        }
    }

    /** One pass; returns the number of unfinished runs. Package-visible so tests and benchmarks can run one at once. */
    synchronized int reconcile()
    {
        List<RunRecord> active = runs.active();
        Map<String, RunRecord> byId = active.stream().collect(Collectors.toMap(RunRecord::id, Function.identity()));
        owners.retain(byId.keySet());
        // every executor an unfinished run needs exists before observing, so that none of its instances looks lost. Each
        // cluster's is looked up once for the pass: once per run and instance was 11,000 statements for 10,000 instances
        Map<String, Optional<Executor>> byCluster = new HashMap<>();
        Map<String, Executor> executors = new HashMap<>();
        for (RunRecord run : active) {
            executorOf(run, byCluster).ifPresent(executor -> executors.put(run.id(), executor));
        }
        Map<String, ObservedInstance> observed = new HashMap<>();
        Set<Executor> reachable = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Executor executor : backends.inUse()) {
            try {
                executor.observe().forEach(instance -> observed.putIfAbsent(instance.instanceId(), instance));
                reachable.add(executor);
            }
            catch (RuntimeException e) {
                log.warn("Cannot observe the {} backend; its runs keep their last known state this pass", executor.backend(), e);
            }
        }
        // a run whose backend could not be observed is left alone this pass: no instance of it looks lost or hung
        executors.values().removeIf(executor -> !reachable.contains(executor));
        for (InstanceRecord instance : runs.unsettledInstances()) {
            try {
                RunRecord run = byId.get(instance.runId());
                if (run == null) {
                    run = runs.findById(instance.runId()).orElse(null);
                }
                if (run != null && executorOf(run, byCluster).map(reachable::contains).orElse(false)) {
                    sync(run, instance, Optional.ofNullable(observed.get(instance.id())));
                }
            }
            catch (RuntimeException e) {
                log.warn("Cannot record the state of instance {}", instance.id(), e);
            }
        }
        Map<String, List<InstanceRecord>> instances = runs.instancesOfActiveRuns();
        Map<String, Standing> standings = admission.standings(active.stream().filter(run -> run.status() != RunStatus.CREATING && run.status() != RunStatus.STOPPING).toList());
        // the nodes of each cluster, read once per pass rather than once per running run
        Map<String, List<NodeSummary>> boundNodes = new HashMap<>();
        for (RunRecord run : active) {
            try {
                Pass pass = new Pass(run, owners.gang(run), instances.getOrDefault(run.id(), List.of()), standings.get(run.id()), executors.get(run.id()), observed,
                        boundNodes);
                step(pass);
            }
            catch (RuntimeException e) {
                log.warn("Cannot supervise run {}", run.id(), e);
            }
        }
        return active.size();
    }

    /** What one pass knows of one run. {@code executor} is null when the run's cluster cannot be driven now. */
    private record Pass(RunRecord run, GangSpec gang, List<InstanceRecord> instances, Standing standing, Executor executor,
            Map<String, ObservedInstance> observed, Map<String, List<NodeSummary>> boundNodes)
    {
        String clusterId()
        {
            return gang.target().clusterId();
        }
    }

    /** The executor of the run's cluster; {@code byCluster} holds, for the caller's pass, what each cluster's lookup gave. */
    private Optional<Executor> executorOf(RunRecord run, Map<String, Optional<Executor>> byCluster)
    {
        String clusterId;
        try {
            clusterId = owners.gang(run).target().clusterId();
        }
        catch (RuntimeException e) {
            log.debug("No executor for run {}", run.id(), e);
            return Optional.empty();
        }
        return byCluster.computeIfAbsent(clusterId, this::executorOfCluster);
    }

    private Optional<Executor> executorOfCluster(String clusterId)
    {
        try {
            return Optional.of(backends.forCluster(clusterId));
        }
        catch (RuntimeException e) {
            log.debug("No executor for cluster {}", clusterId, e);
            return Optional.empty();
        }
    }

    private void sync(RunRecord run, InstanceRecord row, Optional<ObservedInstance> seen)
    {
        Instant now = clock.instant();
        if (row.state() == InstanceStatus.WAITING) {
            // not launched, or launched by a pass that a crash cut short before it was recorded: launching decides (it resumes)
            return;
        }
        if (seen.isEmpty()) {
            // launched, yet the runtime has no trace of it (the node lost its state): it cannot come back
            runs.updateInstance(row.failed("the runtime lost the instance", InstanceFault.NODE, now));
            return;
        }
        ObservedInstance instance = seen.get();
        InstanceStatus state = status(instance.state());
        InstanceRecord.Outcome outcome = switch (instance.state()) {
            case InstanceState.Failed failed -> new InstanceRecord.Outcome(failed.exitCode(), failed.reason(), InstanceFault.of(failed.domain()));
            case InstanceState.Succeeded ignored -> new InstanceRecord.Outcome(0, null, null);
            default -> InstanceRecord.Outcome.NONE;
        };
        Instant startedAt = row.startedAt() == null && state != InstanceStatus.PENDING ? now : row.startedAt();
        Instant finishedAt = instance.state().isTerminal() && row.finishedAt() == null ? now : row.finishedAt();
        boolean notesRecorded = row.notesRecorded();
        boolean changed = state != row.state() && state != InstanceStatus.PENDING;
        if (!notesRecorded && !instance.notes().isEmpty()) {
            for (String note : instance.notes()) {
                runs.addNote(run, now, ExecutorNotes.keyed(row.slot(), note));
            }
            notesRecorded = true;
        }
        if (changed) {
            String message = outcome.reason() == null
                    ? RunEvent.keyed("runtime.event.instance." + state.name().toLowerCase(Locale.ROOT), row.slot(), row.attempt())
                    : RunEvent.keyed("runtime.event.instance.ended", row.slot(), row.attempt(), RunEvent.keyed("runtime.event.instance." + state.name().toLowerCase(Locale.ROOT), row.slot(), row.attempt()),
                            outcome.reason(), outcome.exitCode());
            if (state == InstanceStatus.FAILED) {
                runs.addFault(run, now, message);
            }
            else {
                runs.addNote(run, now, message);
            }
        }
        InstanceRecord updated = row.observed(state, outcome, notesRecorded, startedAt, finishedAt);
        if (!updated.equals(row)) {
            runs.updateInstance(updated);
        }
    }

    private void step(Pass pass)
    {
        switch (pass.run().status()) {
            case CREATING -> submit(pass);
            case QUEUED -> admit(pass);
            case PREPARING, RUNNING, RESTARTING -> supervise(pass);
            case STOPPING -> finishStopping(pass);
            case SUCCEEDED, FAILED, STOPPED, ABNORMAL -> { }
        }
    }

    /** A run whose creation was interrupted before its workload was submitted (creating submits in the same transaction). */
    private void submit(Pass pass)
    {
        RunRecord run = pass.run();
        try {
            String workloadId = admission.submit(run, pass.gang());
            inTransaction(() -> {
                runs.setWorkload(run.id(), workloadId);
                runs.transition(run, RunStatus.QUEUED, null, RunEvent.keyed("runtime.event.submitted", workloadId), clock.instant());
            });
        }
        catch (RuntimeException e) {
            end(pass, RunStatus.ABNORMAL, RunEvent.keyed("runtime.event.submit-failed", e.getMessage()));
        }
    }

    private void admit(Pass pass)
    {
        RunRecord run = pass.run();
        switch (pass.standing()) {
            case null -> end(pass, RunStatus.ABNORMAL, RunEvent.keyed("runtime.event.no-workload"));
            case Standing.Waiting waiting -> {
                // one note per reason: a change of position alone is the scheduling center's to show
                String code = waiting.reason() == null ? "" : waiting.reason().code().name();
                String previous = waitingReasons.put(run.id(), code);
                if (!code.isEmpty() && !code.equals(previous)) {
                    runs.addNote(run, clock.instant(), RunEvent.keyed("runtime.event.waiting", admission.reasonText(waiting)));
                }
            }
            case Standing.Ended ended -> end(pass, RunStatus.ABNORMAL, RunEvent.keyed("runtime.event.ended-waiting", ended.reason()));
            // admitted and preempted between two passes, before this run ever saw the admission
            case Standing.Preempted preempted -> requeue(pass, preempted);
            case Standing.Admitted admitted -> {
                waitingReasons.remove(run.id());
                List<InstanceRecord> instances = instances(run, run.attempt(), admitted.placements());
                Instant now = clock.instant();
                inTransaction(() -> {
                    runs.insertInstances(run.tenantId(), instances);
                    runs.transition(run, RunStatus.PREPARING, null, RunEvent.keyed("runtime.event.admitted", describe(instances)), now);
                    runs.addNote(run, now, backendNote(pass));
                    owners.of(run).admissionNotes(run).forEach(note -> runs.addNote(run, now, note));
                });
            }
        }
    }

    /** PREPARING, RUNNING, RESTARTING: launch what is due, follow the current attempt's instances. */
    private void supervise(Pass pass)
    {
        RunRecord run = pass.run();
        if (pass.executor() == null) {
            // the cluster cannot be reached or driven now: its instances keep their last known state, and what is to be
            // done with them (stop, requeue, end) waits until they can be acted on
            return;
        }
        if (pass.standing() instanceof Standing.Preempted preempted) {
            requeue(pass, preempted);
            return;
        }
        if (pass.standing() == null || pass.standing() instanceof Standing.Ended) {
            stopInstances(pass, pass.instances());
            String reason = pass.standing() instanceof Standing.Ended ended ? ended.reason() : RunEvent.keyed("runtime.event.workload.none");
            end(pass, RunStatus.ABNORMAL, RunEvent.keyed("runtime.event.ended-by-scheduler", reason));
            return;
        }
        List<InstanceRecord> all = pass.instances();
        List<InstanceRecord> current = InstanceRecord.current(all);
        List<InstanceRecord> superseded = all.stream().filter(instance -> !instance.isFinished() && !current.contains(instance)).toList();
        if (!superseded.isEmpty()) {
            // a restart: the new instances start once nothing of the ones they replace runs (they would share the checkpoint)
            stopInstances(pass, superseded);
            return;
        }
        if (current.isEmpty()) {
            end(pass, RunStatus.ABNORMAL, RunEvent.keyed("runtime.event.no-instances", run.attempt()));
            return;
        }
        if (run.status() == RunStatus.RUNNING) {
            Optional<NodeSummary> faulty = admission.faultyNode(pass.clusterId(), current.stream().map(InstanceRecord::node).distinct().toList(), pass.boundNodes());
            if (faulty.isPresent()) {
                onNodeFault(pass, faulty.get(), current);
                return;
            }
        }
        List<InstanceRecord> waiting = current.stream().filter(instance -> instance.state() == InstanceStatus.WAITING).toList();
        if (waiting.size() == current.size()) {
            launch(pass, current);
            return;
        }
        if (!waiting.isEmpty()) {
            relaunch(pass, waiting, all);
            return;
        }
        List<InstanceRecord> live = detectHangs(pass, current) ? InstanceRecord.current(runs.instances(run.id())) : current;

        // one fault fails others (the survivors of a DDP job fail on their next collective): act on the likeliest cause
        Optional<InstanceRecord> failed = live.stream()
                .filter(instance -> instance.state() == InstanceStatus.FAILED)
                .min(Comparator.comparingInt(RunSupervisor::causeRank));
        if (failed.isPresent()) {
            onFailure(pass, failed.get(), live);
            return;
        }
        if (pass.gang().successPolicy().isMet(live)) {
            // what the policy does not wait for (TensorFlow's parameter servers) serves until stopped: stopping it is no failure
            List<InstanceRecord> remaining = live.stream().filter(instance -> !instance.isFinished()).toList();
            if (!remaining.isEmpty()) {
                runs.addNote(run, clock.instant(), RunEvent.keyed("runtime.event.chief-succeeded",
                        remaining.stream().map(InstanceRecord::slot).collect(Collectors.joining(", "))));
                stopInstances(pass, remaining);
            }
            end(pass, RunStatus.SUCCEEDED, null);
            return;
        }
        if (live.stream().anyMatch(instance -> instance.state() == InstanceStatus.STOPPED)) {
            // stopped from outside the platform's stop (a user killed it by hand, or the host): nobody asked for it
            stopInstances(pass, live);
            end(pass, RunStatus.FAILED, RunEvent.keyed("runtime.event.stopped-outside"));
            return;
        }
        boolean allUp = live.stream().allMatch(instance -> instance.state() == InstanceStatus.RUNNING || instance.state() == InstanceStatus.SUCCEEDED);
        if (allUp && run.status() != RunStatus.RUNNING) {
            String message = run.status() == RunStatus.RESTARTING
                    ? RunEvent.keyed("runtime.event.resumed", run.attempt())
                    : RunEvent.keyed("runtime.event.all-running");
            transition(run, RunStatus.RUNNING, null, message);
        }
    }

    /**
     * Marks running instances that made no progress for the gang's hang timeout as failed and stops them; true if any.
     * Progress is the newest of the instance's start and its last {@code meridian_runtime.heartbeat()}.
     */
    private boolean detectHangs(Pass pass, List<InstanceRecord> current)
    {
        int timeout = pass.gang().faultTolerance().hangTimeoutSeconds();
        if (timeout <= 0) {
            return false;
        }
        Instant now = clock.instant();
        boolean found = false;
        for (InstanceRecord instance : current) {
            if (instance.state() != InstanceStatus.RUNNING || instance.startedAt() == null) {
                continue;
            }
            Instant heartbeat = Optional.ofNullable(pass.observed().get(instance.id())).flatMap(ObservedInstance::lastHeartbeat).orElse(Instant.EPOCH);
            Instant progress = heartbeat.isAfter(instance.startedAt()) ? heartbeat : instance.startedAt();
            if (Duration.between(progress, now).toSeconds() < timeout) {
                continue;
            }
            String reason = "hung: no heartbeat for %d s".formatted(Duration.between(progress, now).toSeconds());
            runs.updateInstance(instance.failed(reason, InstanceFault.HANG, now));
            runs.addFault(pass.run(), now, RunEvent.keyed("runtime.event.hung", instance.slot(), instance.attempt(), Duration.between(progress, now).toSeconds()));
            if (stopsSent.add(instance.id())) {
                pass.executor().stop(instance.id());
            }
            found = true;
        }
        return found;
    }

    /**
     * An instance of the run failed (or hung). Without fault tolerance, with no restart left, or when the restart policy
     * does not retry this failure, the run fails. A node's fault cordons the node and re-places the whole gang elsewhere
     * (001-A §6.8); otherwise the gang restarts where it ran, whole or, with the INSTANCE scope, only the failed worker
     * (§6.10).
     */
    private void onFailure(Pass pass, InstanceRecord failed, List<InstanceRecord> current)
    {
        RunRecord run = pass.run();
        InstanceRecord.Outcome outcome = failed.outcome();
        String faultEvent = RunEvent.keyed("runtime.event.failed", failed.slot(), outcome.reason(), outcome.exitCode());
        FaultTolerance tolerance = pass.gang().faultTolerance();
        boolean nodeFault = outcome.fault() == InstanceFault.NODE;
        if (nodeFault) {
            String reason = "the node's fault under %s of run %s: %s".formatted(failed.slot(), run.id(), outcome.reason());
            if (admission.cordonForFault(pass.clusterId(), failed.node(), reason)) {
                runs.addFault(run, clock.instant(), RunEvent.keyed("runtime.event.node-cordoned", failed.node(), failed.slot()));
            }
        }
        Optional<String> refusal = refusal(run, tolerance, failed);
        if (refusal.isPresent()) {
            stopInstances(pass, current);
            end(pass, RunStatus.FAILED, RunEvent.keyed("runtime.event.not-restarted", faultEvent, refusal.get()));
            return;
        }
        if (nodeFault) {
            replace(pass, faultEvent);
            return;
        }
        if (tolerance.restartScope() == FaultTolerance.RestartScope.INSTANCE && restartsAlone(pass.gang(), failed)) {
            restartAlone(pass, failed, faultEvent);
            return;
        }
        stopInstances(pass, current);
        int attempt = run.attempt() + 1;
        List<InstanceRecord> next = current.stream()
                .map(instance -> InstanceRecord.waiting(run.id(), attempt, instance.role(), instance.index(), instance.node(), instance.devices()))
                .toList();
        beginRestart(pass, attempt, next, faultEvent,
                RunEvent.keyed("runtime.event.restart-gang", run.restarts() + 1, tolerance.maxRestarts(), attempt));
    }

    /** Root causes first: a node fault, then a hang, then being killed (signal or unknown exit), then a program's own exit code. */
    private static int causeRank(InstanceRecord failed)
    {
        InstanceRecord.Outcome outcome = failed.outcome();
        if (outcome.fault() == InstanceFault.NODE) {
            return 0;
        }
        if (outcome.fault() == InstanceFault.HANG) {
            return 1;
        }
        return outcome.isProgramVerdict() ? 3 : 2;
    }

    /**
     * Why a failure is not restarted, if it is not (keyed text): no fault tolerance, no restart left, or the restart policy
     * says so.
     */
    private static Optional<String> refusal(RunRecord run, FaultTolerance tolerance, InstanceRecord failed)
    {
        if (!tolerance.enabled()) {
            return Optional.of(RunEvent.keyed("runtime.event.refusal.off"));
        }
        if (run.restarts() >= tolerance.maxRestarts()) {
            return Optional.of(RunEvent.keyed("runtime.event.refusal.no-restart-left", tolerance.maxRestarts()));
        }
        if (tolerance.restartPolicy() == FaultTolerance.RestartPolicy.EXIT_CODE && failed.outcome().isProgramVerdict()) {
            return Optional.of(RunEvent.keyed("runtime.event.refusal.exit-code", failed.outcome().exitCode()));
        }
        return Optional.empty();
    }

    /**
     * Whether the failed instance may restart while the others keep running: a worker or evaluator of a distributed gang
     * (not the master, chief or a parameter server, which hold what the others depend on) that was launched with a
     * recorded rendezvous environment.
     */
    private static boolean restartsAlone(GangSpec gang, InstanceRecord failed)
    {
        return gang.launch().framework() != Framework.SINGLE
                && (failed.role() == ReplicaRole.WORKER || failed.role() == ReplicaRole.EVALUATOR)
                && failed.launchEnv() != null;
    }

    /** 单Pod重调度: only the failed instance is launched again, as the run's next attempt, on its node and cards. */
    private void restartAlone(Pass pass, InstanceRecord failed, String faultEvent)
    {
        RunRecord run = pass.run();
        int attempt = run.attempt() + 1;
        InstanceRecord next = InstanceRecord.waiting(run.id(), attempt, failed.role(), failed.index(), failed.node(), failed.devices());
        beginRestart(pass, attempt, List.of(next), faultEvent,
                RunEvent.keyed("runtime.event.restart-instance", run.restarts() + 1, pass.gang().faultTolerance().maxRestarts(), failed.slot(), attempt));
    }

    /** Records a restart (RESTARTING, once per episode) and the instances of its attempt, to be launched next pass. */
    private void beginRestart(Pass pass, int attempt, List<InstanceRecord> next, String faultEvent, String message)
    {
        RunRecord run = pass.run();
        Instant now = clock.instant();
        inTransaction(() -> {
            if (run.status() != RunStatus.RESTARTING) {
                if (runs.transition(run, RunStatus.RESTARTING, null, message, now)) {
                    transitioned(run, RunStatus.RESTARTING, faultEvent, now);
                }
            }
            else {
                runs.addNote(run, now, message);
            }
            runs.beginAttempt(run.id(), attempt, run.restarts() + 1, now);
            runs.insertInstances(run.tenantId(), next);
        });
    }

    /**
     * A node under the current instances was cordoned or stopped heartbeating, or its backend reports it down or drained
     * (001-A §6.8): its instances cannot be trusted to go on, and a restart in place would land on the same node. A
     * fault-tolerant run is re-placed; any other run fails with the node as the reason.
     */
    private void onNodeFault(Pass pass, NodeSummary node, List<InstanceRecord> current)
    {
        RunRecord run = pass.run();
        String faultEvent = RunEvent.keyed("runtime.event.node-fault", node.name(), node.status());
        runs.addFault(run, clock.instant(), RunEvent.keyed("runtime.event.node-fault-attempt", faultEvent, run.attempt()));
        FaultTolerance tolerance = pass.gang().faultTolerance();
        if (!tolerance.enabled() || run.restarts() >= tolerance.maxRestarts()) {
            stopInstances(pass, current);
            if (tolerance.enabled()) {
                end(pass, RunStatus.FAILED, RunEvent.keyed("runtime.event.not-restarted", faultEvent, RunEvent.keyed("runtime.event.refusal.no-restart-left", tolerance.maxRestarts())));
            }
            else {
                end(pass, RunStatus.FAILED, faultEvent);
            }
            return;
        }
        replace(pass, faultEvent);
    }

    /**
     * Re-places the whole gang away from a faulty node: the run is stopped, its workload given back and submitted again as
     * its next attempt, so that the scheduler places it on nodes that take work. It uses up a fault-tolerance restart.
     */
    private void replace(Pass pass, String faultEvent)
    {
        RunRecord run = pass.run();
        FaultTolerance tolerance = pass.gang().faultTolerance();
        // the current workload holds the faulty node: give it back before the next one asks for a placement
        admission.release(run);
        requeue(pass, run.restarts() + 1,
                attempt -> RunEvent.keyed("runtime.event.restart-elsewhere", run.restarts() + 1, tolerance.maxRestarts(), faultEvent, attempt));
    }

    /**
     * A lender quota took back the capacity the run borrowed (001-B §4.4): its instances are stopped as for a restart and it
     * waits again as a new workload, to run as its next attempt (new instance ids; the executor's workload is still the run,
     * so checkpoints carry over) when capacity returns. Preemption is not the work's fault: it uses up no restart.
     */
    private void requeue(Pass pass, Standing.Preempted preempted)
    {
        requeue(pass, pass.run().restarts(),
                attempt -> RunEvent.keyed("runtime.event.preempted", preempted.lender(), preempted.preemptor(), String.valueOf(attempt)));
    }

    /**
     * Stops the run's unfinished instances and queues it again as a new workload of its next attempt ({@code message} gets
     * the attempt number), with {@code restarts} fault-tolerance restarts used.
     */
    private void requeue(Pass pass, int restarts, IntFunction<String> message)
    {
        RunRecord run = pass.run();
        List<InstanceRecord> all = pass.instances();
        List<InstanceRecord> unfinished = all.stream().filter(instance -> !instance.isFinished()).toList();
        stopInstances(pass, unfinished);
        stopUnrecorded(pass, unrecorded(unfinished));
        // a run preempted before it launched anything keeps its attempt number
        int attempt = all.stream().anyMatch(instance -> instance.attempt() == run.attempt()) ? run.attempt() + 1 : run.attempt();
        String event = message.apply(attempt);
        Instant now = clock.instant();
        try {
            inTransaction(() -> {
                for (InstanceRecord instance : unfinished) {
                    if (instance.state() == InstanceStatus.WAITING) {
                        // never launched: nothing to stop, and it must not hold up the next attempt
                        runs.updateInstance(instance.withdrawn(now));
                    }
                }
                if (run.status() == RunStatus.QUEUED) {
                    runs.addNote(run, now, event);
                }
                else if (!runs.transition(run, RunStatus.QUEUED, null, event, now)) {
                    // stopped meanwhile: the stop finishes it
                    return;
                }
                String workloadId = admission.submit(run, pass.gang());
                runs.setWorkload(run.id(), workloadId);
                runs.beginAttempt(run.id(), attempt, restarts, now);
                runs.addNote(run, now, RunEvent.keyed("runtime.event.submitted-again", workloadId));
            });
            waitingReasons.remove(run.id());
        }
        catch (RuntimeException e) {
            end(pass, RunStatus.ABNORMAL, RunEvent.keyed("runtime.event.resubmit-failed", e.getMessage()));
        }
    }

    private void finishStopping(Pass pass)
    {
        List<InstanceRecord> unfinished = pass.instances().stream().filter(instance -> !instance.isFinished()).toList();
        if (pass.executor() == null && unfinished.stream().anyMatch(instance -> instance.state() != InstanceStatus.WAITING)) {
            // its backend cannot be reached now: the stop is sent when it can
            return;
        }
        stopUnrecorded(pass, unrecorded(unfinished));
        Instant now = clock.instant();
        for (InstanceRecord instance : unfinished) {
            if (instance.state() == InstanceStatus.WAITING) {
                // never launched: nothing to stop
                runs.updateInstance(instance.withdrawn(now));
            }
        }
        List<InstanceRecord> launched = unfinished.stream().filter(instance -> instance.state() != InstanceStatus.WAITING).toList();
        if (!launched.isEmpty()) {
            stopInstances(pass, launched);
            return;
        }
        end(pass, RunStatus.STOPPED, null);
    }

    /**
     * Launches every instance of a new attempt: their rendezvous environment is computed now, and kept for restarts
     * alone; or, when a crash cut the attempt's launch short, resumes it with the environments it began with.
     */
    private void launch(Pass pass, List<InstanceRecord> instances)
    {
        start(pass, instances, instances, ranked -> {
            if (ranked.stream().allMatch(instance -> instance.launchEnv() != null)) {
                return ranked.stream().collect(Collectors.toMap(InstanceRecord::id, RunSupervisor::recordedEnv, (a, b) -> a, LinkedHashMap::new));
            }
            GangSpec.Launch launch = pass.gang().launch();
            List<Member> members = ranked.stream().map(instance -> new Member(instance.id(), instance.role(), instance.node())).toList();
            return DistributedEnv.build(new Topology(launch.framework(), members, launch.nprocPerNode()), pass.executor().endpoints());
        });
    }

    /**
     * Launches instances restarted alone with the rendezvous environment of the instance they replace, so that they rejoin
     * the running ones with the same rank and addresses.
     */
    private void relaunch(Pass pass, List<InstanceRecord> waiting, List<InstanceRecord> all)
    {
        start(pass, waiting, all, ranked -> {
            Map<String, InstanceEnv> rejoining = new LinkedHashMap<>();
            for (InstanceRecord instance : ranked) {
                if (instance.launchEnv() != null) {
                    // its own launch was cut short by a crash: resumed as it began
                    rejoining.put(instance.id(), recordedEnv(instance));
                    continue;
                }
                LaunchEnv previous = all.stream()
                        .filter(other -> other.slot().equals(instance.slot()) && other.attempt() < instance.attempt() && other.launchEnv() != null)
                        .max(Comparator.comparingInt(InstanceRecord::attempt))
                        .map(other -> LaunchEnv.read(other.launchEnv()))
                        .orElseThrow(() -> new IllegalStateException(instance.slot() + " has no earlier launch to rejoin as"));
                rejoining.put(instance.id(), previous.instanceEnv());
            }
            return rejoining;
        });
    }

    /**
     * Starts {@code instances} (the coordinator first) with the rendezvous environments {@code rendezvous} gives them, and
     * records each one's environment for a later restart alone. If that fails, {@code onFailure} are stopped and the
     * run ends ABNORMAL.
     * <p>
     * Resumable from any point: the environments are written ahead (the instances stay WAITING), the executor's launch is
     * idempotent, and the instances become PENDING in one transaction after it; a crash anywhere in between leaves WAITING
     * instances that the next pass launches again with the same environments, which starts only what had not started.
     */
    private void start(Pass pass, List<InstanceRecord> instances, List<InstanceRecord> onFailure, Function<List<InstanceRecord>, Map<String, InstanceEnv>> rendezvous)
    {
        RunRecord run = pass.run();
        List<InstanceRecord> launched = new ArrayList<>();
        List<InstanceSpec> specs = new ArrayList<>();
        try {
            List<InstanceRecord> ranked = instances.stream().sorted(InstanceRecord.RANK_ORDER).toList();
            Map<String, InstanceEnv> rendezvousEnvs = rendezvous.apply(ranked);
            boolean local = pass.executor() == host.executor();
            int uid = local && host.executor().switchesUser() ? host.tenancy(run.tenantId()).uid() : -1;
            WorkloadOwner.LaunchContext context = new WorkloadOwner.LaunchContext(host.home(run.ownerId()), uid, local && host.executor().isIsolated());
            Map<String, String> ownerEnv = owners.of(run).prepareLaunch(run, context);
            Optional<ResolvedEnvironment> environment = environments.resolve(pass.gang().launch().image());
            List<InstanceRecord> launching = new ArrayList<>();
            for (InstanceRecord instance : ranked) {
                InstanceEnv rendezvousEnv = rendezvousEnvs.get(instance.id());
                specs.add(spec(pass, instance, rendezvousEnv, ownerEnv, environment));
                String launchEnv = new LaunchEnv(rendezvousEnv.env(), rendezvousEnv.files()).write();
                if (!launchEnv.equals(instance.launchEnv())) {
                    launching.add(instance.launching(launchEnv));
                }
                launched.add(instance.launched(launchEnv));
            }
            inTransaction(() -> launching.forEach(runs::updateInstance));
            pass.executor().launch(new WorkloadLaunch(run.id(), host.tenancy(run.tenantId()), specs));
        }
        catch (RuntimeException e) {
            stopInstances(pass, onFailure);
            stopUnrecorded(pass, specs.stream().map(InstanceSpec::id).toList());
            end(pass, RunStatus.ABNORMAL, RunEvent.keyed("runtime.event.launch-failed", e.getMessage()));
            return;
        }
        pauseForFaultTests(run);
        inTransaction(() -> {
            launched.forEach(runs::updateInstance);
            runs.addNote(run, clock.instant(), RunEvent.keyed("runtime.event.launched", run.attempt(), describe(instances)));
        });
    }

    private static InstanceEnv recordedEnv(InstanceRecord instance)
    {
        return LaunchEnv.read(instance.launchEnv()).instanceEnv();
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
        log.info("Launched the instances of run {}; recording them in {}", run.id(), launchPause);
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
    private void stopUnrecorded(Pass pass, List<String> instanceIds)
    {
        if (pass.executor() == null) {
            return;
        }
        for (String instanceId : instanceIds) {
            try {
                pass.executor().stop(instanceId);
            }
            catch (RuntimeException e) {
                log.debug("Instance {} was not started, nothing to stop", instanceId, e);
            }
        }
    }

    private static List<String> unrecorded(List<InstanceRecord> instances)
    {
        return instances.stream()
                .filter(instance -> instance.state() == InstanceStatus.WAITING && instance.launchEnv() != null)
                .map(InstanceRecord::id)
                .toList();
    }

    private InstanceSpec spec(Pass pass, InstanceRecord instance, InstanceEnv rendezvous, Map<String, String> ownerEnv, Optional<ResolvedEnvironment> environment)
    {
        RunRecord run = pass.run();
        GangSpec.Launch launch = pass.gang().launch();
        Map<String, String> env = new LinkedHashMap<>(launch.env());
        env.putAll(rendezvous.env());
        env.putAll(ownerEnv);
        env.put("MERIDIAN_RUN_ID", run.id());
        env.put("MERIDIAN_ATTEMPT", String.valueOf(instance.attempt()));
        InstanceSpec spec = new InstanceSpec(instance.id(), InstanceRecord.roleName(instance.role()), instance.node(), instance.devices(),
                Command.shell(launch.command()), env, launch.workingDir(), host.storage(run, pass.gang()), rendezvous.files());
        // the image selects one of Meridian's preset environments; any other image runs with the system's interpreter
        return environment.map(resolved -> spec.withEnvironment(resolved.environment())).orElse(spec);
    }

    /**
     * Moves the run to a final status and gives its resources back; {@code reason} is the timeline's keyed message and the
     * run's status reason, rendered in the reader's language when read (null when the status needs no reason: the
     * timeline then gets the status's own message).
     */
    private void end(Pass pass, RunStatus status, String reason)
    {
        RunRecord run = pass.run();
        String message = reason == null ? RunEvent.keyed("runtime.event.ended." + status.name().toLowerCase(Locale.ROOT)) : reason;
        boolean moved = Boolean.TRUE.equals(transaction.execute(tx -> {
            Instant now = clock.instant();
            boolean transitioned = runs.transition(run, status, reason, message, now);
            if (transitioned) {
                transitioned(run, status, reason, now);
            }
            return transitioned;
        }));
        if (moved) {
            waitingReasons.remove(run.id());
            try {
                admission.release(run);
            }
            catch (RuntimeException e) {
                log.warn("Cannot release the workload of run {}", run.id(), e);
            }
        }
    }

    private void transition(RunRecord run, RunStatus to, String reason, String message)
    {
        inTransaction(() -> {
            Instant now = clock.instant();
            if (runs.transition(run, to, reason, message, now)) {
                transitioned(run, to, reason, now);
            }
        });
    }

    /** Inside the transaction that recorded the transition: alerts go out exactly when it commits. */
    private void transitioned(RunRecord run, RunStatus to, String reason, Instant at)
    {
        alerts.transitioned(run, to, reason, at);
        owners.of(run).transitioned(run, to, reason, at);
    }

    private void stopInstances(Pass pass, List<InstanceRecord> instances)
    {
        if (pass.executor() == null) {
            return;
        }
        for (InstanceRecord instance : instances) {
            if (instance.isFinished() || instance.state() == InstanceStatus.WAITING || !stopsSent.add(instance.id())) {
                continue;
            }
            try {
                pass.executor().stop(instance.id());
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

    private String backendNote(Pass pass)
    {
        RunRecord run = pass.run();
        String python = environments.describe(pass.gang().launch().image());
        if (pass.executor() != host.executor()) {
            return RunEvent.keyed("runtime.event.backend.slurm", pass.executor() == null ? "-" : pass.executor().backend(), python);
        }
        return RunEvent.keyed("runtime.event.backend.local",
                RunEvent.keyed(host.executor().isIsolated() ? "runtime.event.backend.sandbox" : "runtime.event.backend.no-isolation"),
                host.executor().switchesUser()
                        ? RunEvent.keyed("runtime.event.backend.tenant-uid", host.tenancy(run.tenantId()).uid())
                        : RunEvent.keyed("runtime.event.backend.server-user"),
                python, "CUDA_VISIBLE_DEVICES / ASCEND_RT_VISIBLE_DEVICES");
    }

    static List<InstanceRecord> instances(RunRecord run, int attempt, List<Placement> placements)
    {
        return placements.stream()
                .map(placement -> InstanceRecord.waiting(run.id(), attempt, GangAdmission.role(placement), placement.index(),
                        placement.nodeName() == null ? placement.nodeId() : placement.nodeName(), devices(placement)))
                .toList();
    }

    /** The cards of a placement, and the share of each for shared cards (eGPU); the scheduler names their vendor with them. */
    private static DeviceAllocation devices(Placement placement)
    {
        if (placement.deviceIndices().isEmpty()) {
            return DeviceAllocation.none();
        }
        DeviceVendor vendor = placement.vendor() == null ? DeviceVendor.NVIDIA : DeviceVendor.valueOf(placement.vendor().toUpperCase(Locale.ROOT));
        return new DeviceAllocation(vendor, placement.deviceIndices(), placement.sharedMilli(), placement.sharedMilli() > 0 ? placement.gpuMemoryMib() : 0);
    }

    private static String describe(List<InstanceRecord> instances)
    {
        return instances.stream()
                // language-neutral: it is an argument of messages in every language
                .map(instance -> instance.slot() + " → " + instance.node()
                        + (instance.devices().isEmpty() ? "" : " (" + instance.devices().vendor() + ":" + instance.devices().asList() + ")"))
                .collect(Collectors.joining(", "));
    }

    private static InstanceStatus status(InstanceState state)
    {
        return switch (state) {
            case InstanceState.Pending ignored -> InstanceStatus.PENDING;
            case InstanceState.Running ignored -> InstanceStatus.RUNNING;
            case InstanceState.Succeeded ignored -> InstanceStatus.SUCCEEDED;
            case InstanceState.Failed ignored -> InstanceStatus.FAILED;
            case InstanceState.Stopped ignored -> InstanceStatus.STOPPED;
        };
    }
}
