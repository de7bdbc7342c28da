/**
 * What the backends that run instances as process trees share ({@code local} on this host, {@code slurm} on a
 * cluster's shared file system): the per-instance directory written by the {@code meridian-instance.sh} wrapper
 * (pid, exit code, stamped output, metrics, heartbeat), its logs, the launcher that hands an instance its variables
 * through a file, and the platform's variables.
 */
package io.meridian.executor.instance;
