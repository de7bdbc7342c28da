package io.meridian.executor.slurm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Settings of the slurm backend.
 *
 * @param root the runtime directory, on a file system every Slurm node mounts at this same path (instances write
 * their output, exit codes and metrics there, and the server reads them); the only thing a restarted server needs,
 * with slurmrestd, to reattach
 * @param python the interpreter instances find in {@code $MERIDIAN_PYTHON}, at this path on every node
 * @param partition the partition jobs go to, or the cluster's default
 * @param stopTimeout how long a stop waits for Slurm to end a job (Slurm's own KillWait included)
 */
public record SlurmExecutorConfig(Path root, SlurmConnection connection, Path python, Optional<String> partition, Duration stopTimeout)
{
    public SlurmExecutorConfig
    {
        requireNonNull(root, "root is null");
        requireNonNull(connection, "connection is null");
        requireNonNull(python, "python is null");
        requireNonNull(partition, "partition is null");
        partition.ifPresent(name -> {
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("not a Slurm partition name: " + name);
            }
        });
        requireNonNull(stopTimeout, "stopTimeout is null");
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException("root must be an absolute path, the same on every node: " + root);
        }
    }

    public static SlurmExecutorConfig defaults(Path root, SlurmConnection connection)
    {
        return new SlurmExecutorConfig(root, connection, Path.of("/usr/bin/python3"), Optional.empty(), Duration.ofSeconds(60));
    }

    public SlurmExecutorConfig withPython(Path python)
    {
        return new SlurmExecutorConfig(root, connection, python, partition, stopTimeout);
    }

    public SlurmExecutorConfig withPartition(String partition)
    {
        return new SlurmExecutorConfig(root, connection, python, Optional.of(partition), stopTimeout);
    }
}
