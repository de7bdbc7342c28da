/**
 * The {@code slurm} backend: a gang becomes one Slurm batch job submitted through slurmrestd (OpenAPI v0.0.38, JWT),
 * each instance one job step started through the same wrapper as on the local backend, with its files on the
 * cluster's shared file system so that a restarted server reattaches. See {@code docs/features/slurm.md}.
 */
package io.meridian.executor.slurm;
