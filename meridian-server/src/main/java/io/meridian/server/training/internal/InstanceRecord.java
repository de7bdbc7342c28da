package io.meridian.server.training.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * One instance of one attempt of a run, where the scheduler placed it and what the executor last reported of it.
 * {@code state} is {@code WAITING} until launched, then the executor's state name (PENDING, RUNNING, SUCCEEDED,
 * FAILED, STOPPED).
 *
 * <p>An instance fills a slot of the run ({@code role} and {@code index}: {@code worker-0}). A whole-job restart gives
 * every slot a new instance of the next attempt; an instance restarted alone gives only its slot one, so the run's
 * <em>current</em> instances are the newest of each slot ({@link #current}).
 *
 * @param faultDomain whose fault a failure was ({@code INSTANCE}, {@code NODE}, {@code HANG}); null unless failed
 * @param launchEnv the rendezvous environment and files the instance was launched with (JSON of {@code LaunchEnv}); an
 * instance restarted alone gets the same, so that it rejoins with the same rank and addresses. Written before the
 * launch: a {@code WAITING} instance that has one may have been started by a launch that a crash cut short
 */
record InstanceRecord(
        String id,
        String runId,
        int attempt,
        String role,
        int index,
        String node,
        String devices,
        String state,
        Integer exitCode,
        String reason,
        String faultDomain,
        boolean notesRecorded,
        Instant startedAt,
        Instant finishedAt,
        String launchEnv)
{
    static final String WAITING = "WAITING";
    static final String PENDING = "PENDING";
    static final String RUNNING = "RUNNING";
    static final String SUCCEEDED = "SUCCEEDED";
    static final String FAILED = "FAILED";
    static final String STOPPED = "STOPPED";

    static final String HANG = "HANG";

    InstanceRecord
    {
        requireNonNull(id, "id is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(role, "role is null");
        requireNonNull(node, "node is null");
        requireNonNull(devices, "devices is null");
        requireNonNull(state, "state is null");
    }

    /** A new instance of {@code attempt} in a slot, not launched yet. */
    static InstanceRecord waiting(String runId, int attempt, String role, int index, String node, String devices)
    {
        return new InstanceRecord("%s-%s-%d-a%d".formatted(runId, role, index, attempt), runId, attempt, role, index, node, devices, WAITING,
                null, null, null, false, null, null, null);
    }

    boolean isFinished()
    {
        return state.equals(SUCCEEDED) || state.equals(FAILED) || state.equals(STOPPED);
    }

    /** {@code worker-0}: the slot, as users name it. */
    String slot()
    {
        return role + "-" + index;
    }

    /**
     * Still waiting, with the environment its launch is about to use written ahead: a launch that a crash cuts short
     * after this is resumed with the same ranks and addresses.
     */
    InstanceRecord launching(String launchEnv)
    {
        return new InstanceRecord(id, runId, attempt, role, index, node, devices, WAITING, null, null, null, notesRecorded, null, null, launchEnv);
    }

    InstanceRecord launched(String launchEnv)
    {
        return new InstanceRecord(id, runId, attempt, role, index, node, devices, PENDING, null, null, null, notesRecorded, null, null, launchEnv);
    }

    /** What the executor reports now. */
    InstanceRecord observed(String state, Integer exitCode, String reason, String faultDomain, boolean notesRecorded, Instant startedAt, Instant finishedAt)
    {
        return new InstanceRecord(id, runId, attempt, role, index, node, devices, state, exitCode, reason, faultDomain, notesRecorded, startedAt,
                finishedAt, launchEnv);
    }

    InstanceRecord failed(int exitCode, String reason, String faultDomain, Instant now)
    {
        return observed(FAILED, exitCode, reason, faultDomain, notesRecorded, startedAt, now);
    }

    /** Never launched, and not to be: nothing to stop, and it must not hold up what comes next. */
    InstanceRecord withdrawn(Instant now)
    {
        return observed(STOPPED, null, null, null, notesRecorded, null, now);
    }

    /** The newest instance of every slot, by role and index: what the run is made of now. */
    static List<InstanceRecord> current(Collection<InstanceRecord> instances)
    {
        Map<String, InstanceRecord> newest = instances.stream()
                .collect(Collectors.toMap(InstanceRecord::slot, Function.identity(), (a, b) -> a.attempt() >= b.attempt() ? a : b));
        return newest.values().stream()
                .sorted(Comparator.comparing(InstanceRecord::role).thenComparingInt(InstanceRecord::index))
                .toList();
    }

    /** How many instances filled this one's slot before it: its restarts. */
    int restartsIn(Collection<InstanceRecord> instances)
    {
        return (int) instances.stream().filter(other -> other.slot().equals(slot()) && other.attempt() < attempt).count();
    }
}
