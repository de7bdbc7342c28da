package io.meridian.server.runtime;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A feature whose work the runtime runs (training today; fine-tuning, evaluation, services… tomorrow): it supplies only
 * what is its own. Everything else (admission, launch, observation, restarts, hang detection, node faults, preemption,
 * release, reattach after a restart) is the runtime's, the same for every kind.
 * <p>
 * Implementations are beans; the runtime finds the one of each {@link RunKind}.
 */
public interface WorkloadOwner
{
    RunKind kind();

    /** The gang of a run, from the owner's definition copy in {@link RunRecord#definition()}. Pure: called on every pass. */
    GangSpec gang(RunRecord run);

    /**
     * Prepares the owner's part of an attempt's launch on the host (such as a TensorBoard directory) and returns the
     * variables every instance gets for it.
     */
    default Map<String, String> prepareLaunch(RunRecord run, LaunchContext context)
    {
        return Map.of();
    }

    /** Facts worth the run's timeline when it is admitted (what the owner records but does not act on yet). */
    default List<String> admissionNotes(RunRecord run)
    {
        return List.of();
    }

    /** The run moved to {@code to}; called inside the transaction that recorded it (alerts are sent after it commits). */
    default void transitioned(RunRecord run, RunStatus to, String reason, Instant at)
    {
    }

    /**
     * Where and as whom the instances of a launch run.
     *
     * @param ownerHome the host directory behind {@code /work/home}
     * @param uid the uid instances run as, or -1 when they run as the server's own user
     * @param isolated whether instances see the {@code /work} layout (a sandbox) rather than host paths
     */
    record LaunchContext(Path ownerHome, int uid, boolean isolated) {}
}
