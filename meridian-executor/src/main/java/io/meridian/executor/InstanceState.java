package io.meridian.executor;

import static java.util.Objects.requireNonNull;

/**
 * The observed lifecycle state of an instance.
 */
public sealed interface InstanceState
{
    default boolean isTerminal()
    {
        return !(this instanceof Pending || this instanceof Running);
    }

    /**
     * Accepted by the backend, not yet running (process starting, pod scheduling, job queued).
     */
    record Pending()
            implements InstanceState {}

    record Running()
            implements InstanceState {}

    /**
     * Exited with code 0.
     */
    record Succeeded()
            implements InstanceState {}

    /**
     * Ended on its own with a non-zero exit code, or vanished.
     *
     * @param exitCode the exit code, {@code 128 + n} when killed by signal {@code n}, or {@link #UNKNOWN_EXIT_CODE}
     * @param domain whose fault the backend believes it was: the instance's own program, or the node under it
     */
    record Failed(int exitCode, String reason, FaultDomain domain)
            implements InstanceState
    {
        public static final int UNKNOWN_EXIT_CODE = -1;

        public Failed
        {
            requireNonNull(reason, "reason is null");
            requireNonNull(domain, "domain is null");
        }

        /** A failure of the instance's own program. */
        public Failed(int exitCode, String reason)
        {
            this(exitCode, reason, FaultDomain.INSTANCE);
        }
    }

    /**
     * Ended because the platform stopped it.
     */
    record Stopped()
            implements InstanceState {}
}
