package io.meridian.executor;

/**
 * Where a failed instance's fault lies, as far as the backend can tell. The server acts on it (001-A §6.8): a node
 * fault cordons the node and re-places the workload elsewhere, an instance fault restarts where it ran.
 */
public enum FaultDomain
{
    /**
     * The instance's program failed: it exited non-zero or was killed by a signal (by a user, or the kernel's
     * out-of-memory killer when it went over its own memory).
     */
    INSTANCE,
    /**
     * The node failed under the instance: it vanished together with whatever supervised it on the node (shutdown,
     * reboot, lost node), or lost the devices it held. The kubernetes backend maps pod failures with reason
     * {@code NodeLost} / node not ready here.
     */
    NODE,
}
