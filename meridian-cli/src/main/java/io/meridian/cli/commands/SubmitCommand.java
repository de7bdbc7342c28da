package io.meridian.cli.commands;

import io.meridian.cli.CliException;
import io.meridian.cli.ExitCode;
import io.meridian.cli.http.ApiClient;
import io.meridian.cli.http.ApiProblem;
import io.meridian.cli.http.Query;
import io.meridian.cli.training.CodeArchive;
import io.meridian.cli.training.TrainingArguments;
import io.meridian.cli.training.TrainingArguments.EnvVar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code meridian submit pytorch ... -- COMMAND}: creates a training task and starts a run of it. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Submit a training job: create a training task and start a run of it.",
        subcommands = SubmitCommand.Pytorch.class)
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

        @Option(names = "--flavor", paramLabel = "FLAVOR",
                description = "Resource flavor of each instance, such as 14C_100G_1*A800 (default: the queue's own flavor, else the smallest of its cluster).")
        String flavor;

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

        @Option(names = "--workspace", paramLabel = "WORKSPACE", description = "Workspace ID or name (default: your default workspace).")
        String workspace;

        @Option(names = "--queue", paramLabel = "QUEUE", description = "Queue (or quota) of the workspace, ID or name (default: the workspace's default queue).")
        String queue;

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
                JsonNode workspace = workspace(api);
                String workspaceId = workspace.path("id").asString();
                JsonNode pool = pool(api, workspaceId);
                String flavorName = flavor != null ? flavor : flavor(api, pool);

                String codePackageId = null;
                if (code.isPresent()) {
                    note("Uploading " + codeDir + " (" + code.get().fileCount() + " files, " + kilobytes(code.get().bytes().length) + " KB zipped)...");
                    JsonNode uploaded = api.upload("/code-packages", Query.empty().add("name", name), code.get().bytes(), "application/zip");
                    codePackageId = uploaded.path("id").asString();
                    note("Uploaded code package " + codePackageId + ", mounted at " + CODE_MOUNT + "/" + codePackageId + ".");
                }

                Map<String, Object> form = new LinkedHashMap<>();
                form.put("workspaceId", workspaceId);
                form.put("name", name);
                form.put("description", description);
                form.put("framework", "PYTORCH");
                form.put("mode", nodes == 1 ? "SINGLE" : "DDP");
                form.put("image", image);
                form.put("command", script);
                form.put("env", variables);
                form.put("datasets", datasets);
                form.put("codePackageId", codePackageId);
                form.put("poolId", pool.path("id").asString());
                form.put("flavorName", flavorName);
                form.put("nodes", nodes);
                form.put("nprocPerNode", nprocPerNode);
                form.put("faultTolerance", faultTolerance());
                JsonNode task = api.post("/training-tasks", form);
                String taskId = task.path("id").asString();
                note("Created training task " + name + " (" + taskId + ") in workspace " + workspace.path("name").asString() + ", queue "
                        + pool.path("name").asString() + ", flavor " + flavorName + ".");

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

        private static long kilobytes(long bytes)
        {
            return (bytes + 1023) / 1024;
        }

        /** {@code --workspace} as an ID or an exact name; else the default workspace. */
        private JsonNode workspace(ApiClient api)
        {
            if (workspace != null) {
                String wanted = workspace.trim();
                try {
                    return api.get("/workspaces/" + ApiClient.segment(wanted));
                }
                catch (ApiProblem e) {
                    if (e.status() != 404) {
                        throw e;
                    }
                }
                for (JsonNode candidate : api.get("/workspaces", Query.empty().add("q", wanted).add("size", 200)).path("items")) {
                    if (candidate.path("name").asString().equals(wanted)) {
                        return candidate;
                    }
                }
                throw CliException.failure("no workspace " + wanted + " (neither an ID nor a name); meridian workspaces list shows yours");
            }
            for (int page = 1; page <= 50; page++) {
                JsonNode answer = api.get("/workspaces", Query.empty().add("page", page).add("size", 200));
                for (JsonNode candidate : answer.path("items")) {
                    if (candidate.path("isDefault").asBoolean(false)) {
                        return candidate;
                    }
                }
                if (answer.path("items").size() < 200) {
                    break;
                }
            }
            throw CliException.failure("you have no default workspace; pass --workspace");
        }

        /** {@code --queue} as an ID or a name among the workspace's queues and quotas; else its default queue. */
        private JsonNode pool(ApiClient api, String workspaceId)
        {
            JsonNode pools = api.get("/workspaces/" + ApiClient.segment(workspaceId) + "/resources");
            List<JsonNode> all = pools.isArray() ? pools.valueStream().toList() : pools.path("items").valueStream().toList();
            if (queue != null) {
                String wanted = queue.trim();
                return all.stream().filter(pool -> pool.path("id").asString().equals(wanted)).findFirst()
                        .or(() -> all.stream().filter(pool -> pool.path("name").asString().equals(wanted)).findFirst())
                        .orElseThrow(() -> CliException.failure("the workspace has no queue or quota " + wanted + "; it has: " + names(all)));
            }
            return all.stream()
                    .filter(pool -> pool.path("isDefault").asBoolean(false) && "QUEUE".equals(pool.path("kind").asString()))
                    .findFirst()
                    .or(() -> all.stream().filter(pool -> pool.path("isDefault").asBoolean(false)).findFirst())
                    .orElseThrow(() -> CliException.failure("the workspace has no default queue; pass --queue (it has: " + names(all) + ")"));
        }

        private static String names(List<JsonNode> pools)
        {
            return pools.isEmpty() ? "none" : String.join(", ", pools.stream().map(pool -> pool.path("name").asString()).toList());
        }

        /** The queue's own flavor, else the smallest flavor of its cluster with the queue's device model (cards, then CPU, then memory). */
        private String flavor(ApiClient api, JsonNode pool)
        {
            String own = pool.path("flavorName").asString("");
            if (!own.isBlank()) {
                return own;
            }
            String clusterId = pool.path("clusterId").asString("");
            String deviceModel = pool.path("deviceModel").asString("");
            JsonNode flavors = api.get("/flavors", Query.empty().add("clusterId", clusterId).add("size", 200));
            List<JsonNode> candidates = (flavors.isArray() ? flavors : flavors.path("items")).valueStream()
                    .filter(flavor -> deviceModel.isBlank() || deviceModel.equals(flavor.path("deviceModel").asString("")))
                    .toList();
            return smallest(candidates)
                    .orElseThrow(() -> CliException.failure("the cluster of queue " + pool.path("name").asString() + " has no flavor"
                            + (deviceModel.isBlank() ? "" : " with " + deviceModel) + "; pass --flavor"));
        }
    }

    /** The smallest flavor: fewest cards, then fewest CPU cores, then least memory, then by name. */
    static Optional<String> smallest(List<JsonNode> flavors)
    {
        return flavors.stream()
                .min(Comparator.<JsonNode>comparingInt(flavor -> flavor.path("cards").asInt(0))
                        .thenComparingInt(flavor -> flavor.path("cpuCores").asInt(0))
                        .thenComparingInt(flavor -> flavor.path("memoryGiB").asInt(0))
                        .thenComparing(flavor -> flavor.path("name").asString("")))
                .map(flavor -> flavor.path("name").asString());
    }
}
