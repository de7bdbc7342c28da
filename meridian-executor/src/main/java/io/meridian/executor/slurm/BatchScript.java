package io.meridian.executor.slurm;

import io.meridian.executor.Resources;
import io.meridian.executor.instance.InstanceUser;

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
     * instance's command ({@code $3...}: the privilege switch, the launcher, the command). A step that runs as root
     * starts its instance only through setpriv: a job that should have run as an unprivileged user never runs an
     * instance as root.
     */
    private static final String STEP = "printf '%s\\n' \"${SLURMD_NODENAME:-}\" > \"$1/slurm-node\"; "
            + "if [[ $(id -u) == 0 && $3 != '" + InstanceUser.SETPRIV + "' ]]; then "
            + "echo 'meridian: this Slurm job runs as root, but its instance was not prepared to drop to a tenant uid; refusing to run it as root' >&2; exit 126; fi; "
            + "exec /bin/bash \"$2\" \"$1\" \"${@:3}\"";

    /**
     * One instance's step.
     *
     * @param placement {@code --nodelist=<node>} when the job was pinned to Meridian's nodes, else {@code --relative=<k>}
     * @param command what the wrapper runs ({@link InstanceUser#command}): the privilege switch, the launcher, the command
     */
    record Step(String instanceId, Path instanceDir, String placement, Resources resources, List<String> command)
    {
        Step
        {
            requireNonNull(instanceId, "instanceId is null");
            requireNonNull(instanceDir, "instanceDir is null");
            requireNonNull(placement, "placement is null");
            requireNonNull(resources, "resources is null");
            command = List.copyOf(requireNonNull(command, "command is null"));
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
            srun.addAll(List.of("/bin/bash", "--noprofile", "--norc", "-c", STEP, "meridian-step", step.instanceDir().toString(), wrapper.toString()));
            srun.addAll(step.command());
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
