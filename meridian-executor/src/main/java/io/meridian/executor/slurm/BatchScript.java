package io.meridian.executor.slurm;

import io.meridian.executor.Resources;
import io.meridian.executor.instance.InstanceFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The batch script of a gang: every instance one job step ({@code srun}) on its node, started in the background
 * through the instance wrapper, then {@code wait}. Every value is single-quoted, so nothing in a command or a path
 * is parsed by the shell; the instances' variables are not in it at all (they travel in each instance's
 * environment file).
 */
final class BatchScript
{
    /**
     * Runs as the step's only task: records the node Slurm ran it on, then hands over to the wrapper, which runs the
     * launcher ({@code $3}) with the environment file, the working directory ({@code $4}) and the command.
     */
    private static final String STEP = "printf '%s\\n' \"${SLURMD_NODENAME:-}\" > \"$1/slurm-node\"; "
            + "exec /bin/bash \"$2\" \"$1\" /bin/bash --noprofile --norc -c \"$3\" meridian-launch \"$1/environment\" \"$4\" \"${@:5}\"";

    /**
     * One instance's step.
     *
     * @param placement {@code --nodelist=<node>} when the job was pinned to Meridian's nodes, else {@code --relative=<k>}
     * @param workingDir the instance's working directory on the node
     */
    record Step(String instanceId, Path instanceDir, String placement, Resources resources, Path workingDir, List<String> argv)
    {
        Step
        {
            requireNonNull(instanceId, "instanceId is null");
            requireNonNull(instanceDir, "instanceDir is null");
            requireNonNull(placement, "placement is null");
            requireNonNull(resources, "resources is null");
            requireNonNull(workingDir, "workingDir is null");
            argv = List.copyOf(requireNonNull(argv, "argv is null"));
        }
    }

    private BatchScript() {}

    static String render(String workloadId, Path wrapper, List<Step> steps)
    {
        StringBuilder script = new StringBuilder();
        script.append("#!/bin/bash\n");
        script.append("# Meridian workload ").append(workloadId.replaceAll("[^A-Za-z0-9._-]", "_")).append(": one job step per instance\n");
        script.append("set -u\n");
        for (Step step : steps) {
            List<String> srun = new ArrayList<>(List.of("srun", "--job-name=" + step.instanceId(), "--nodes=1", "--ntasks=1", step.placement()));
            srun.addAll(resourceOptions(step.resources()));
            srun.addAll(List.of("/bin/bash", "--noprofile", "--norc", "-c", STEP, "meridian-step",
                    step.instanceDir().toString(), wrapper.toString(), InstanceFiles.LAUNCHER, step.workingDir().toString()));
            srun.addAll(step.argv());
            srun.replaceAll(BatchScript::quote);
            script.append(String.join(" ", srun))
                    .append(" < /dev/null > ").append(quote(step.instanceDir().resolve("wrapper.err").toString())).append(" 2>&1 &\n");
        }
        script.append("wait\n");
        return script.toString();
    }

    /**
     * A step that states its resources gets exactly those ({@code --exact}), so several instances share a node; one
     * that states none shares the job's allocation on its node with the others ({@code --overlap}).
     */
    private static List<String> resourceOptions(Resources resources)
    {
        if (!resources.isStated()) {
            return List.of("--overlap");
        }
        List<String> options = new ArrayList<>(List.of("--exact"));
        if (resources.cpus() > 0) {
            options.add("--cpus-per-task=" + resources.cpus());
        }
        if (resources.memoryMiB() > 0) {
            options.add("--mem=" + resources.memoryMiB() + "M");
        }
        if (resources.gpus() > 0) {
            options.add("--gres=gpu:" + resources.gpus());
        }
        return options;
    }

    static String quote(String value)
    {
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }
}
