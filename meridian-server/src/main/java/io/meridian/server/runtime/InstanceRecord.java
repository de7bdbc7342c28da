package io.meridian.server.runtime;

import io.meridian.executor.DeviceAllocation;
import io.meridian.executor.distributed.ReplicaRole;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * One instance of one attempt of a run, where the scheduler placed it and what the executor last reported of it.
 *
 * <p>An instance fills a slot of the run ({@code role} and {@code index}: {@code worker-0}). A whole-gang restart gives
 * every slot a new instance of the next attempt; an instance restarted alone gives only its slot one, so the run's
 * <em>current</em> instances are the newest of each slot ({@link #current}).
 *
 * @param outcome the exit code, reason and fault of a finished instance; {@link Outcome#NONE} until then
 * @param launchEnv the rendezvous environment and files the instance was launched with (JSON); an instance restarted
 * alone gets the same, so that it rejoins with the same rank and addresses. Written before the launch: a
 * {@code WAITING} instance that has one may have been started by a launch that a crash cut short
 */
public record InstanceRecord(
        String id,
        String runId,
        int attempt,
        ReplicaRole role,
        int index,
        String node,
        DeviceAllocation devices,
        InstanceStatus state,
        Outcome outcome,
        boolean notesRecorded,
        Instant startedAt,
        Instant finishedAt,
        String launchEnv)
{
    /**
     * How an instance ended, as far as known.
     *
     * @param exitCode null while running or when never launched
     * @param fault whose fault a failure was; null unless failed
     */
    public record Outcome(Integer exitCode, String reason, InstanceFault fault)
    {
        public static final Outcome NONE = new Outcome(null, null, null);

        /** Killed by a signal or with an unknown exit: the code of an instance the runtime lost or failed itself. */
        public static final int UNKNOWN_EXIT_CODE = -1;

        /** Whether the program itself said it failed (a normal non-zero exit), rather than being killed or losing its node. */
        public boolean isProgramVerdict()
        {
            return fault == InstanceFault.INSTANCE && exitCode != null && exitCode > 0 && exitCode < 128;
        }
    }

    public InstanceRecord
    {
        requireNonNull(id, "id is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(role, "role is null");
        requireNonNull(node, "node is null");
        requireNonNull(devices, "devices is null");
        requireNonNull(state, "state is null");
        requireNonNull(outcome, "outcome is null");
    }

    /** A new instance of {@code attempt} in a slot, not launched yet. */
    public static InstanceRecord waiting(String runId, int attempt, ReplicaRole role, int index, String node, DeviceAllocation devices)
    {
        return new InstanceRecord("%s-%s-%d-a%d".formatted(runId, roleName(role), index, attempt), runId, attempt, role, index, node, devices,
                InstanceStatus.WAITING, Outcome.NONE, false, null, null, null);
    }

    /** {@code worker}: a role as users and instance ids name it. */
    public static String roleName(ReplicaRole role)
    {
        return role.name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinished()
    {
        return state.isFinished();
    }

    /** {@code worker-0}: the slot, as users name it. */
    public String slot()
    {
        return roleName(role) + "-" + index;
    }

    /** The master or chief: the instance that coordinates the others. */
    public boolean isCoordinator()
    {
        return role == ReplicaRole.MASTER || role == ReplicaRole.CHIEF;
    }

    /**
     * Still waiting, with the environment its launch is about to use written ahead: a launch that a crash cuts short
     * after this is resumed with the same ranks and addresses.
     */
    public InstanceRecord launching(String launchEnv)
    {
        return new InstanceRecord(id, runId, attempt, role, index, node, devices, InstanceStatus.WAITING, Outcome.NONE, notesRecorded, null, null, launchEnv);
    }

    public InstanceRecord launched(String launchEnv)
    {
        return new InstanceRecord(id, runId, attempt, role, index, node, devices, InstanceStatus.PENDING, Outcome.NONE, notesRecorded, null, null, launchEnv);
    }

    /** What the executor reports now. */
    public InstanceRecord observed(InstanceStatus state, Outcome outcome, boolean notesRecorded, Instant startedAt, Instant finishedAt)
    {
        return new InstanceRecord(id, runId, attempt, role, index, node, devices, state, outcome, notesRecorded, startedAt, finishedAt, launchEnv);
    }

    public InstanceRecord failed(String reason, InstanceFault fault, Instant now)
    {
        return observed(InstanceStatus.FAILED, new Outcome(Outcome.UNKNOWN_EXIT_CODE, reason, fault), notesRecorded, startedAt, now);
    }

    /** Never launched, and not to be: nothing to stop, and it must not hold up what comes next. */
    public InstanceRecord withdrawn(Instant now)
    {
        return observed(InstanceStatus.STOPPED, Outcome.NONE, notesRecorded, null, now);
    }

    /** Rank order: the coordinator (master or chief) first, then the workers, then the rest (parameter servers, evaluator). */
    public static final Comparator<InstanceRecord> RANK_ORDER = Comparator.comparingInt((InstanceRecord instance) -> switch (instance.role()) {
        case MASTER, CHIEF -> 0;
        case WORKER -> 1;
        case PS, EVALUATOR -> 2;
    }).thenComparing(InstanceRecord::role).thenComparingInt(InstanceRecord::index);

    /** The newest instance of every slot, in {@link #RANK_ORDER}: what the run is made of now. */
    public static List<InstanceRecord> current(Collection<InstanceRecord> instances)
    {
        Map<String, InstanceRecord> newest = instances.stream()
                .collect(Collectors.toMap(InstanceRecord::slot, Function.identity(), (a, b) -> a.attempt() >= b.attempt() ? a : b));
        return newest.values().stream().sorted(RANK_ORDER).toList();
    }

    /** How many instances filled this one's slot before it: its restarts. */
    public int restartsIn(Collection<InstanceRecord> instances)
    {
        return (int) instances.stream().filter(other -> other.slot().equals(slot()) && other.attempt() < attempt).count();
    }
}
