package io.meridian.executor;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * A Python environment an instance runs in: a virtual environment at the same path on every node (on this host for
 * the local backend, on the cluster's shared file system for Slurm), such as one of Meridian's preset environments
 * that {@code bin/meridian-env} builds. The instance finds its {@code bin/} first on {@code PATH}, and
 * {@code VIRTUAL_ENV} and {@code MERIDIAN_PYTHON} name it; the environment itself is read-only to the instance.
 *
 * @param name what the environment is called, such as {@code pytorch-2.15.0}; in {@code MERIDIAN_ENVIRONMENT} and
 * the instance's notes
 * @param root the environment's directory: an absolute path, holding {@code bin/python}
 */
public record PythonEnvironment(String name, Path root)
{
    public PythonEnvironment
    {
        Ids.check("environment name", name);
        requireNonNull(root, "root is null");
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException("environment root must be an absolute path: " + root);
        }
        root = root.normalize();
        // bin/ goes on PATH, whose separator is ':'; a new line would break the notes and the environment file's readers
        if (root.toString().contains(":") || root.toString().contains("\n")) {
            throw new IllegalArgumentException("environment root must not contain ':' or a line break: " + root);
        }
    }

    public Path bin()
    {
        return root.resolve("bin");
    }

    /** The environment's interpreter, {@code $MERIDIAN_PYTHON} of an instance that runs in it. */
    public Path python()
    {
        return bin().resolve("python");
    }
}
