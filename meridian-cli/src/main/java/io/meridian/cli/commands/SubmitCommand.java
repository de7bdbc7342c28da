package io.meridian.cli.commands;

import io.meridian.cli.CliException;
import io.meridian.cli.ExitCode;
import io.meridian.cli.commands.PlacementOptions.Placement;
import io.meridian.cli.http.ApiClient;
import io.meridian.cli.http.Query;
import io.meridian.cli.output.Printer;
import io.meridian.cli.training.CodeArchive;
import io.meridian.cli.training.TrainingArguments;
import io.meridian.cli.training.TrainingArguments.EnvVar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code meridian submit TYPE ... -- COMMAND}: starts work. {@code pytorch} creates a training task and starts a run of
 * it; {@code job} starts a plain job (a command on N instances, no framework).
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit work: a PyTorch training run (pytorch) or a plain job, a command on N instances (job).",
        subcommands = {SubmitCommand.Pytorch.class, SubmitCommand.Job.class})
public final class SubmitCommand
{
    /** Recorded (the local backend does not pull images); the server needs one. */
    public static final String DEFAULT_IMAGE = "pytorch/pytorch:latest";
    public static final String CODE_MOUNT = "/work/mount/code";

    @Command(name = "pytorch", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                    "Create a PyTorch training task and start a run of it. Prints the new run's ID, and nothing else, on standard output.",
                    "The command runs with bash -lc in the working directory (the uploaded --code-dir, else /work/home). Several words after -- are "
                            + "one command whose words are passed exactly as typed; a single word is a bash script ('cd src && python3 train.py').",
                    "One node runs in SINGLE mode, more in DDP (one master and N-1 workers; MASTER_ADDR, RANK, WORLD_SIZE... are set)."},
            footer = {"", "Example:", "  meridian submit pytorch --name mnist --nodes 2 --code-dir . \\", "      -- python3 train.py --epochs 3",
                    "Follow it with: meridian logs RUN -f"})
    public static final class Pytorch
            extends CommandSupport
            implements Callable<Integer>
    {
        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "Task name: letters (Chinese or English), digits and _, 1 to 20, not starting with _; unique in the workspace.")
        String name;

        @Option(names = "--nodes", required = true, paramLabel = "N", description = "Instances (nodes): 1 runs SINGLE, more run DDP.")
        int nodes;

        @Option(names = "--nproc-per-node", paramLabel = "P", description = "Processes per node (default: the server's, 1).")
        Integer nprocPerNode;

        @Option(names = "--image", paramLabel = "IMAGE", description = "Container image (default: " + DEFAULT_IMAGE + "; the local backend records it without pulling).")
        String image = DEFAULT_IMAGE;

        @Option(names = "--dataset", paramLabel = "DATASET", description = "A dataset to use; repeat for more (at most 10).")
        List<String> datasets = new ArrayList<>();

        @Option(names = "--env", paramLabel = "NAME=VALUE", converter = TrainingArguments.EnvConverter.class,
                description = "An environment variable of the command; repeat for more (at most 50).")
        List<EnvVar> env = new ArrayList<>();

        @Option(names = "--code-dir", paramLabel = "DIR",
                description = "Zip this directory (without .git) and upload it as a code package, mounted read-only at " + CODE_MOUNT
                        + "/<id> and used as the working directory. A link pointing outside it is refused.")
        Path codeDir;

        @Mixin
        PlacementOptions placement;

        @Option(names = "--fault-tolerant",
                description = "Restart the run from its newest checkpoint when an instance or its node fails (up to 3 times); a faulty node is cordoned "
                        + "and the run placed elsewhere.")
        boolean faultTolerant;

        @Option(names = "--max-restarts", paramLabel = "N", description = "Restarts allowed in the run, 1 to 10 (default: 3). Implies --fault-tolerant.")
        Integer maxRestarts;

        @Option(names = "--restart-policy", paramLabel = "POLICY",
                description = "Which failures restart: ON_FAILURE (every one, the default) or EXIT_CODE (exit codes 1-127 fail the run at once; "
                        + "signals, node faults and hangs restart). Implies --fault-tolerant.")
        String restartPolicy;

        @Option(names = "--restart-scope", paramLabel = "SCOPE",
                description = "What restarts: JOB (every instance, the default) or INSTANCE (only a failed worker, rejoining with the same rank while "
                        + "the others keep running). Implies --fault-tolerant.")
        String restartScope;

        @Option(names = "--description", paramLabel = "TEXT", description = "Task description, at most 128 characters.")
        String description;

        @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command to run, after --.")
        List<String> command = new ArrayList<>();

        @Override
        public Integer call()
        {
            return run(() -> {
                if (nodes < 1) {
                    throw CliException.usage("--nodes must be 1 or more");
                }
                if (nprocPerNode != null && nprocPerNode < 1) {
                    throw CliException.usage("--nproc-per-node must be 1 or more");
                }
                List<EnvVar> variables = TrainingArguments.checkEnv(env);
                String script = TrainingArguments.shellCommand(command);
                // Zipped before anything is created on the server, so that a bad directory leaves nothing behind.
                Optional<CodeArchive.Zip> code = Optional.ofNullable(codeDir).map(CodeArchive::of);

                ApiClient api = api();
                Placement chosen = placement.resolve(api);
                String codePackageId = upload(api, printer(), name, codeDir, code);

                Map<String, Object> form = new LinkedHashMap<>();
                form.put("workspaceId", chosen.workspaceId());
                form.put("name", name);
                form.put("description", description);
                form.put("framework", "PYTORCH");
                form.put("mode", nodes == 1 ? "SINGLE" : "DDP");
                form.put("image", image);
                form.put("command", script);
                form.put("env", variables);
                form.put("datasets", datasets);
                form.put("codePackageId", codePackageId);
                form.put("poolId", chosen.poolId());
                form.put("flavorName", chosen.flavorName());
                form.put("nodes", nodes);
                form.put("nprocPerNode", nprocPerNode);
                form.put("faultTolerance", faultTolerance());
                JsonNode task = api.post("/training-tasks", form);
                String taskId = task.path("id").asString();
                note("Created training task " + name + " (" + taskId + ") in " + chosen.describe() + ".");

                JsonNode started = api.post("/training-tasks/" + ApiClient.segment(taskId) + "/runs", null);
                String runId = started.path("id").asString();
                context().out().println(runId);
                context().out().flush();
                note("Started run " + runId + " (" + started.path("status").asString() + "). Follow it with: meridian logs " + runId + " -f");
                return ExitCode.OK;
            });
        }

        /** The form's fault tolerance, null when off; values go to the server as typed, which explains what it refuses. */
        private Map<String, Object> faultTolerance()
        {
            if (!faultTolerant && maxRestarts == null && restartPolicy == null && restartScope == null) {
                return null;
            }
            Map<String, Object> tolerance = new LinkedHashMap<>();
            tolerance.put("enabled", true);
            tolerance.put("maxRestarts", maxRestarts);
            tolerance.put("restartPolicy", restartPolicy);
            tolerance.put("restartScope", restartScope);
            return tolerance;
        }

        private void note(String message)
        {
            printer().note(message);
        }
    }

    @Command(name = "job", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                    "Start a plain job: a command on N instances of a flavor, without a framework. Prints the new job's ID, and nothing else, on standard output.",
                    "The command runs with bash -lc on every instance, in the working directory (the uploaded --code-dir, else /work/home). Several words "
                            + "after -- are one command whose words are passed exactly as typed; a single word is a bash script ('cd src && ./run.sh')."},
            footer = {"", "Example:", "  meridian submit job --name prep --nodes 2 --code-dir . -- python3 prepare.py --shard-count 2",
                    "Follow it with: meridian logs JOB -f"})
    public static final class Job
            extends CommandSupport
            implements Callable<Integer>
    {
        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Job name (the server's rules for names apply).")
        String name;

        @Option(names = "--nodes", paramLabel = "N", description = "Instances (nodes) that each run the command (default: 1).")
        int nodes = 1;

        @Mixin
        PlacementOptions placement;

        @Option(names = "--image", paramLabel = "IMAGE", description = "Container image or environment (default: the server's).")
        String image;

        @Option(names = "--env", paramLabel = "NAME=VALUE", converter = TrainingArguments.EnvConverter.class,
                description = "An environment variable of the command; repeat for more (at most 50).")
        List<EnvVar> env = new ArrayList<>();

        @Option(names = "--code-dir", paramLabel = "DIR",
                description = "Zip this directory (without .git) and upload it as a code package, mounted read-only at " + CODE_MOUNT
                        + "/<id> and used as the working directory. A link pointing outside it is refused.")
        Path codeDir;

        @Option(names = "--description", paramLabel = "TEXT", description = "Job description.")
        String description;

        @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command to run, after --.")
        List<String> command = new ArrayList<>();

        @Override
        public Integer call()
        {
            return run(() -> {
                if (nodes < 1) {
                    throw CliException.usage("--nodes must be 1 or more");
                }
                if (image != null && image.isBlank()) {
                    throw CliException.usage("--image is empty");
                }
                List<EnvVar> variables = TrainingArguments.checkEnv(env);
                String script = TrainingArguments.shellCommand(command);
                Optional<CodeArchive.Zip> code = Optional.ofNullable(codeDir).map(CodeArchive::of);

                ApiClient api = api();
                Placement chosen = placement.resolve(api);
                String codePackageId = upload(api, printer(), name, codeDir, code);

                Map<String, Object> form = new LinkedHashMap<>();
                form.put("workspaceId", chosen.workspaceId());
                form.put("name", name);
                form.put("description", description);
                form.put("clusterId", chosen.clusterId().isEmpty() ? null : chosen.clusterId());
                form.put("poolId", chosen.poolId());
                form.put("flavorName", chosen.flavorName());
                form.put("nodes", nodes);
                form.put("image", image == null ? null : image.trim());
                form.put("command", script);
                form.put("env", variables);
                form.put("codePackageId", codePackageId);
                JsonNode job = api.post(Workloads.JOBS, form);
                String jobId = job.path("id").asString();
                context().out().println(jobId);
                context().out().flush();
                printer().note("Started job " + name + " (" + jobId + ", " + job.path("status").asString() + ") in " + chosen.describe()
                        + ". Follow it with: meridian logs " + jobId + " -f");
                return ExitCode.OK;
            });
        }
    }

    /**
     * Uploads the zipped {@code --code-dir} as a code package and answers its ID; null without one. The zip was made
     * before anything was looked up, so that a bad directory leaves nothing behind.
     */
    static String upload(ApiClient api, Printer printer, String name, Path directory, Optional<CodeArchive.Zip> code)
    {
        if (code.isEmpty()) {
            return null;
        }
        printer.note("Uploading " + directory + " (" + code.get().fileCount() + " files, " + kilobytes(code.get().bytes().length) + " KB zipped)...");
        JsonNode uploaded = api.upload("/code-packages", Query.empty().add("name", name), code.get().bytes(), "application/zip");
        String id = uploaded.path("id").asString();
        printer.note("Uploaded code package " + id + ", mounted at " + CODE_MOUNT + "/" + id + ".");
        return id;
    }

    private static long kilobytes(long bytes)
    {
        return (bytes + 1023) / 1024;
    }
}
