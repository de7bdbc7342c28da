package io.meridian.executor.slurm;

import io.meridian.executor.Endpoints;
import io.meridian.executor.Executor;
import io.meridian.executor.FaultDomain;
import io.meridian.executor.InstanceSpec;
import io.meridian.executor.InstanceState;
import io.meridian.executor.LogStore;
import io.meridian.executor.MetricsStore;
import io.meridian.executor.ObservedInstance;
import io.meridian.executor.Resources;
import io.meridian.executor.Storage;
import io.meridian.executor.Tenancy;
import io.meridian.executor.WorkloadLaunch;
import io.meridian.executor.instance.FileLogs;
import io.meridian.executor.instance.HostFiles;
import io.meridian.executor.instance.InstanceDir;
import io.meridian.executor.instance.InstanceFiles;
import io.meridian.executor.instance.InstanceUser;
import io.meridian.executor.usage.InstanceUsage;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * Runs each gang as one Slurm batch job through slurmrestd, each instance as one job step on its node, started
 * through the same wrapper as the local backend: pid, exit code, stamped output, metrics and heartbeat land in the
 * instance's directory under {@code <root>/instances/<id>/} on the cluster's shared file system, next to the id of
 * the Slurm job ({@code slurm-job}) and the node Slurm ran it on ({@code slurm-node}). Together with slurmctld's job
 * list that is all a new executor needs to reattach; this executor keeps no state in memory.
 *
 * <p>Meridian admits, Slurm places: slurmrestd v0.0.38 refuses a node list ({@code required_nodes} is disabled),
 * so a gang is pinned to Meridian's nodes with a constraint on node features named like the nodes
 * ({@code [node1*1&node2*1]}) where every node carries its own name as a feature, and otherwise Slurm chooses the
 * nodes and each instance runs on the allocation's node of the same rank as its placed node.
 */
public final class SlurmExecutor
        implements Executor
{
    private static final String JOB_FILE = "slurm-job";
    private static final String NODE_FILE = "slurm-node";
    private static final String LAUNCH_KEY_PREFIX = "meridian:";
    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final String ISOLATION_NOTE = "isolation: none on Slurm (no private mount or PID namespace), paths passed via environment";

    private final SlurmExecutorConfig config;
    private final SlurmRestClient client;
    private final Path instancesRoot;
    private final Path workloadsRoot;
    private final Path wrapper;
    private final Path runtimePython;
    private final FileLogs files;
    private final SlurmEndpoints endpoints;

    public SlurmExecutor(SlurmExecutorConfig config)
    {
        this.config = requireNonNull(config, "config is null");
        this.client = new SlurmRestClient(config.connection());
        try {
            Path root = Files.createDirectories(config.root());
            instancesRoot = Files.createDirectories(root.resolve("instances"));
            workloadsRoot = Files.createDirectories(root.resolve("workloads"));
            wrapper = InstanceFiles.extractWrapper(root.resolve("bin"));
            runtimePython = InstanceFiles.extractRuntimePython(root.resolve("runtime-py"));
            if (jobsRunAsRoot() && HostFiles.isRoot()) {
                // instances' users pass through to their own directories but never list what others run; the batch
                // scripts and the jobs' own output are the platform's
                HostFiles.chmod(root, "rwx--x--x");
                HostFiles.chmod(instancesRoot, "rwx--x--x");
                HostFiles.chmod(workloadsRoot, "rwx------");
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files = new FileLogs(this::existing);
        endpoints = new SlurmEndpoints(() -> nodes().stream().collect(Collectors.toMap(SlurmNode::name, SlurmNode::address, (a, b) -> a)));
    }

    @Override
    public String backend()
    {
        return "slurm";
    }

    @Override
    public Endpoints endpoints()
    {
        return endpoints;
    }

    /**
     * The cluster's nodes with their CPUs, memory, GPUs and readiness, for the server to adopt and keep in sync.
     *
     * @throws SlurmException if slurmrestd is unreachable or refuses the token
     */
    public List<SlurmNode> nodes()
    {
        return client.nodes();
    }

    /**
     * The nodes of the cluster behind {@code connection}, without an executor (which needs its shared root): what the
     * server's periodic node sync reads.
     *
     * @throws SlurmException if slurmrestd is unreachable or refuses the token
     */
    public static List<SlurmNode> nodes(SlurmConnection connection)
    {
        return new SlurmRestClient(requireNonNull(connection, "connection is null")).nodes();
    }

    /**
     * Submits the instances not yet submitted as one job. Idempotent: an instance whose job was submitted is left as
     * it is, and a launch whose submission a crash cut short (job submitted, its id not yet written) adopts that job,
     * found by the launch key in its comment, instead of submitting a second one.
     */
    @Override
    public synchronized void launch(WorkloadLaunch launch)
    {
        requireNonNull(launch, "launch is null");
        List<InstanceSpec> due = new ArrayList<>();
        for (InstanceSpec instance : launch.instances()) {
            Path path = instancesRoot.resolve(instance.id());
            if (Files.exists(path)) {
                InstanceDir dir = new InstanceDir(path);
                String workload = dir.isLaunched() ? dir.properties().getProperty("workload") : launch.workloadId();
                if (!launch.workloadId().equals(workload)) {
                    throw new IllegalArgumentException("instance already exists in workload " + workload + ": " + instance.id());
                }
                if (jobId(dir).isPresent() || dir.leader().isPresent() || dir.exitCode().isPresent()) {
                    continue;
                }
            }
            due.add(instance);
        }
        if (due.isEmpty()) {
            return;
        }
        InstanceUser user = user(launch.tenancy());
        String key = LAUNCH_KEY_PREFIX + launch.workloadId() + ":" + due.stream().map(InstanceSpec::id).collect(Collectors.joining(","));
        Optional<SlurmJob> submitted = client.jobs().stream().filter(job -> job.comment().equals(key)).findFirst();
        try {
            if (submitted.isEmpty()) {
                List<String> nodes = due.stream().map(InstanceSpec::node).distinct().toList();
                boolean pinned = canPin(nodes);
                List<BatchScript.Step> steps = new ArrayList<>();
                for (InstanceSpec instance : due) {
                    InstanceDir dir = new InstanceDir(instancesRoot.resolve(instance.id()));
                    if (Files.exists(dir.path())) {
                        // written by a launch that never reached slurmrestd
                        dir.delete();
                    }
                    List<String> command = prepare(launch.workloadId(), user, launch.tenancy(), instance, dir, pinned);
                    String placement = pinned ? "--nodelist=" + instance.node() : "--relative=" + nodes.indexOf(instance.node());
                    steps.add(new BatchScript.Step(instance.id(), dir.path(), placement, instance.resources(), command));
                }
                long jobId = client.submit(request(launch.workloadId(), key, due, nodes, pinned, steps));
                writeJobIds(due, jobId);
            }
            else {
                writeJobIds(due, submitted.get().id());
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot launch workload " + launch.workloadId() + ": " + e.getMessage(), e);
        }
    }

    private void writeJobIds(List<InstanceSpec> instances, long jobId)
            throws IOException
    {
        for (InstanceSpec instance : instances) {
            writeAtomically(instancesRoot.resolve(instance.id()).resolve(JOB_FILE), jobId + "\n");
        }
    }

    /** Whether every placed node exists in Slurm and carries its own name as a feature, so that a constraint pins the gang there. */
    private boolean canPin(List<String> nodes)
    {
        if (!nodes.stream().allMatch(node -> NODE_NAME.matcher(node).matches())) {
            return false;
        }
        Set<String> named = nodes().stream()
                .filter(node -> node.features().contains(node.name()))
                .map(SlurmNode::name)
                .collect(Collectors.toSet());
        return named.containsAll(nodes);
    }

    /**
     * Who the instances of {@code tenancy} run as. A job submitted as root (the token is root's) would run them as
     * root: each step then drops to the tenant's uid, as on the local backend, which needs a server that is root too
     * (to hand the instance its files). A job submitted as another user runs them as that user.
     */
    private InstanceUser user(Tenancy tenancy)
    {
        if (!jobsRunAsRoot()) {
            return InstanceUser.starter(tenancy, ("user: Slurm user %s, whom jobs are submitted as (not root, so it cannot switch to the tenant's uid %d; "
                    + "every tenant on this connection runs as that user)").formatted(config.connection().user(), tenancy.uid()));
        }
        if (!HostFiles.isRoot()) {
            // never fall back to running a workload as root
            throw new IllegalStateException(("Slurm runs this cluster's jobs as root (the token is root's), but this server is not root and cannot hand "
                    + "the instances' files to %s; refusing to run instances as root: run the server as root, or give it the token of an unprivileged Slurm user")
                    .formatted(tenancy.describe()));
        }
        InstanceUser.requireSetpriv();
        return InstanceUser.tenant(tenancy);
    }

    private boolean jobsRunAsRoot()
    {
        return config.connection().user().equals("root");
    }

    /**
     * Writes the instance's directory as the wrapper and the launcher expect it, and returns what the wrapper runs.
     * {@code instance.properties} comes last: it marks the directory as launched.
     */
    private List<String> prepare(String workloadId, InstanceUser user, Tenancy tenancy, InstanceSpec instance, InstanceDir dir, boolean pinned)
            throws IOException
    {
        Files.createDirectory(dir.path(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Storage storage = instance.storage();
        user.prepareStorage(storage);
        Files.createDirectory(dir.io());
        Files.createDirectory(dir.config());
        for (Map.Entry<String, String> file : instance.files().entrySet()) {
            Files.writeString(dir.config().resolve(file.getKey()), file.getValue());
        }
        InstanceFiles.linkMounts(storage, dir.mounts());
        Files.write(dir.environment(), InstanceFiles.environmentFile(InstanceFiles.environment(workloadId, instance,
                InstanceFiles.Paths.onNode(instance, dir, runtimePython, config.python()))));
        user.handOver(dir);
        Path workingDir = user.createWorkingDir(storage, instance.workingDir());
        // Slurm has no sandbox: the instance reaches its files through the shared file system's tree
        // the environment is at the same path on every node (the cluster's shared file system)
        user.letReachWithoutSandbox(dir, storage, workingDir, runtimePython,
                instance.environment().map(environment -> List.of(environment.root().resolve("x"))).orElse(List.of()));

        Properties properties = new Properties();
        properties.setProperty("workload", workloadId);
        properties.setProperty("role", instance.role());
        properties.setProperty("node", instance.node());
        properties.setProperty("tenant", tenancy.tenantId());
        if (user.switches()) {
            properties.setProperty("uid", String.valueOf(tenancy.uid()));
        }
        else {
            properties.setProperty("slurm-user", config.connection().user());
        }
        properties.setProperty("launched", Instant.now().toString());
        properties.setProperty("command", String.join(" ", instance.command().argv()));
        Resources resources = instance.resources();
        properties.setProperty("resources", "%d CPUs, %d MiB, %d GPUs".formatted(resources.cpus(), resources.memoryMiB(), resources.gpus()));
        dir.writeNotes(List.of(
                ISOLATION_NOTE,
                user.note(),
                pinned
                        ? "node: placed on " + instance.node() + " by Meridian; the Slurm job is pinned there"
                        : "node: placed on " + instance.node() + " by Meridian, advisory: Slurm chooses the job's nodes (they carry no feature of their own name)",
                // the environment is at the same path on every node: the cluster's shared file system
                InstanceFiles.pythonNote(instance, config.python())));
        dir.writeProperties(properties);
        return user.command(dir.environment().toString(), workingDir.toString(), InstanceFiles.argv(instance));
    }

    private ObjectNode request(String workloadId, String key, List<InstanceSpec> instances, List<String> nodes, boolean pinned, List<BatchScript.Step> steps)
            throws IOException
    {
        Path workloadDir = Files.createDirectories(workloadsRoot.resolve(workloadId));
        String script = BatchScript.render(workloadId, wrapper, steps);
        // kept for whoever debugs a job; slurmrestd takes the script in the request
        writeAtomically(workloadDir.resolve("job-" + instances.getFirst().id() + ".sh"), script);

        // a job asks every node for what the busiest node's instances state together
        Map<String, Resources> perNode = new LinkedHashMap<>();
        for (InstanceSpec instance : instances) {
            perNode.merge(instance.node(), instance.resources(), Resources::plus);
        }
        Resources busiest = perNode.values().stream().reduce(Resources.unstated(), Resources::max);

        ObjectNode request = client.newObject();
        request.put("script", script);
        ObjectNode job = request.putObject("job");
        job.put("name", ("meridian-" + workloadId).substring(0, Math.min(200, workloadId.length() + 9)));
        job.put("comment", key);
        ArrayNode count = job.putArray("nodes");
        count.add(nodes.size());
        count.add(nodes.size());
        job.put("tasks", nodes.size());
        job.put("tasks_per_node", 1);
        if (pinned) {
            job.put("constraints", nodes.stream().map(node -> node + "*1").collect(Collectors.joining("&", "[", "]")));
        }
        if (busiest.cpus() > 0) {
            job.put("cpus_per_task", busiest.cpus());
        }
        if (busiest.memoryMiB() > 0) {
            job.put("memory_per_node", busiest.memoryMiB());
        }
        if (busiest.gpus() > 0) {
            job.put("gres", "gpu:" + busiest.gpus());
        }
        config.partition().ifPresent(partition -> job.put("partition", partition));
        job.put("current_working_directory", workloadDir.toString());
        job.put("standard_output", workloadDir.resolve("job-%j.out").toString());
        job.put("standard_error", workloadDir.resolve("job-%j.out").toString());
        ObjectNode environment = job.putObject("environment");
        InstanceFiles.hostEnvironment().forEach(environment::put);
        return request;
    }

    /** One {@code GET /jobs} for every instance, whatever the number of jobs. */
    @Override
    public List<ObservedInstance> observe()
    {
        List<InstanceDir> dirs = launched();
        if (dirs.isEmpty()) {
            return List.of();
        }
        Map<Long, SlurmJob> jobs = jobs();
        return dirs.stream().map(dir -> observe(dir, jobs)).toList();
    }

    /** All state is on the shared file system and in slurmctld, and re-read on every call: adopting is observing. */
    @Override
    public List<ObservedInstance> reattach()
    {
        return observe();
    }

    /**
     * slurmrestd v0.0.38 cancels and signals whole jobs, not steps: stopping one instance stops its gang's job, and
     * every instance of that job reports Stopped.
     */
    @Override
    public CompletableFuture<Void> stop(String instanceId)
    {
        InstanceDir dir = existing(instanceId);
        Optional<Long> jobId = jobId(dir);
        if (jobId.isEmpty()) {
            // not submitted: the wrapper never starts a command whose stop was requested
            dir.requestStop();
            return CompletableFuture.completedFuture(null);
        }
        return cancel(Set.of(jobId.get()));
    }

    @Override
    public CompletableFuture<Void> stopWorkload(String workloadId)
    {
        requireNonNull(workloadId, "workloadId is null");
        List<InstanceDir> dirs = launched().stream().filter(dir -> dir.properties().getProperty("workload").equals(workloadId)).toList();
        dirs.stream().filter(dir -> jobId(dir).isEmpty()).forEach(InstanceDir::requestStop);
        return cancel(dirs.stream().map(SlurmExecutor::jobId).flatMap(Optional::stream).collect(Collectors.toSet()));
    }

    private CompletableFuture<Void> cancel(Set<Long> jobIds)
    {
        Map<Long, SlurmJob> jobs = jobs();
        Set<Long> active = jobIds.stream().filter(id -> jobs.containsKey(id) && jobs.get(id).isActive()).collect(Collectors.toSet());
        if (active.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        // every instance of a cancelled job is stopped by the platform, finished ones keep what they reported
        launched().stream()
                .filter(dir -> jobId(dir).filter(active::contains).isPresent() && dir.exitCode().isEmpty())
                .forEach(InstanceDir::requestStop);
        active.forEach(client::cancel);
        return CompletableFuture.runAsync(() -> awaitEnded(active), task -> Thread.ofVirtual().name("meridian-slurm-stop").start(task));
    }

    private void awaitEnded(Set<Long> jobIds)
    {
        long deadline = System.nanoTime() + config.stopTimeout().toNanos();
        while (System.nanoTime() - deadline < 0) {
            Map<Long, SlurmJob> jobs = jobs();
            if (jobIds.stream().noneMatch(id -> jobs.containsKey(id) && jobs.get(id).isActive())) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        throw new IllegalStateException("Slurm did not end jobs " + jobIds + " within " + config.stopTimeout());
    }

    @Override
    public void forget(String instanceId)
    {
        InstanceDir dir = existing(instanceId);
        if (!observe(dir, jobs()).state().isTerminal()) {
            throw new IllegalStateException("instance is still running: " + instanceId);
        }
        dir.delete();
    }

    @Override
    public LogStore logs()
    {
        return files;
    }

    @Override
    public MetricsStore metrics()
    {
        return files.metrics();
    }

    /**
     * Not measured on Slurm yet: the processes run on other hosts, and slurmrestd v0.0.38 reports no step usage
     * (that takes {@code sstat} on a node, or accounting through slurmdbd).
     */
    @Override
    public List<InstanceUsage> usage()
    {
        return List.of();
    }

    private Map<Long, SlurmJob> jobs()
    {
        return client.jobs().stream().collect(Collectors.toMap(SlurmJob::id, Function.identity(), (a, b) -> b));
    }

    private ObservedInstance observe(InstanceDir dir, Map<Long, SlurmJob> jobs)
    {
        Properties properties = dir.properties();
        String placed = properties.getProperty("node");
        String ran = read(dir.path().resolve(NODE_FILE)).map(String::strip).filter(node -> !node.isEmpty()).orElse(placed);
        List<String> notes = new ArrayList<>(dir.notes());
        jobId(dir).ifPresent(id -> notes.add("slurm: job " + id));
        if (!ran.equals(placed)) {
            notes.add("node: Slurm ran it on " + ran);
        }
        return new ObservedInstance(
                dir.instanceId(),
                properties.getProperty("workload"),
                properties.getProperty("role"),
                ran,
                state(dir, jobs),
                dir.lastHeartbeat(),
                notes);
    }

    private static InstanceState state(InstanceDir dir, Map<Long, SlurmJob> jobs)
    {
        Optional<Long> jobId = jobId(dir);
        Optional<SlurmJob> job = jobId.map(jobs::get);
        if (dir.exitCode().isEmpty()) {
            if (jobId.isEmpty()) {
                // written, not yet (or never) submitted: the next launch submits or adopts it
                return new InstanceState.Pending();
            }
            if (job.isPresent() && job.get().isActive()) {
                return dir.leader().isPresent() ? new InstanceState.Running() : new InstanceState.Pending();
            }
        }
        // read again: the wrapper may have written its exit code after the first look
        Optional<Integer> code = dir.exitCode();
        if (dir.stopRequested()) {
            return new InstanceState.Stopped();
        }
        if (code.isPresent()) {
            return ended(code.get(), job);
        }
        if (job.isEmpty()) {
            return new InstanceState.Failed(InstanceState.Failed.UNKNOWN_EXIT_CODE,
                    "Slurm no longer knows job " + jobId.get() + " and the instance left no exit code", FaultDomain.NODE);
        }
        SlurmJob ended = job.get();
        String where = ended.nodes().isEmpty() ? "" : " on " + ended.nodes();
        return switch (ended.state()) {
            case "NODE_FAIL", "BOOT_FAIL" -> new InstanceState.Failed(InstanceState.Failed.UNKNOWN_EXIT_CODE,
                    "Slurm job %d ended %s%s: a node failed under it".formatted(ended.id(), ended.state(), where), FaultDomain.NODE);
            case "OUT_OF_MEMORY" -> new InstanceState.Failed(137, "Slurm job %d ran out of memory%s".formatted(ended.id(), where));
            case "TIMEOUT", "DEADLINE" -> new InstanceState.Failed(InstanceState.Failed.UNKNOWN_EXIT_CODE,
                    "Slurm job %d reached its time limit (%s)".formatted(ended.id(), ended.state()));
            case "PREEMPTED" -> new InstanceState.Failed(InstanceState.Failed.UNKNOWN_EXIT_CODE, "Slurm job %d was preempted by Slurm".formatted(ended.id()));
            case "CANCELLED" -> new InstanceState.Failed(InstanceState.Failed.UNKNOWN_EXIT_CODE,
                    "Slurm job %d was cancelled outside Meridian (scancel)".formatted(ended.id()));
            default -> dir.leader().isPresent()
                    // the wrapper that records the exit code went down with the instance: the node under it did that
                    ? new InstanceState.Failed(InstanceState.Failed.UNKNOWN_EXIT_CODE,
                            "the instance vanished with its wrapper, without an exit code (Slurm job %d %s%s)".formatted(ended.id(), ended.state(), where), FaultDomain.NODE)
                    : new InstanceState.Failed(InstanceState.Failed.UNKNOWN_EXIT_CODE,
                            "the job step never started (Slurm job %d %s): %s".formatted(ended.id(), ended.state(), firstLine(dir.wrapperErrors())));
        };
    }

    private static InstanceState ended(int code, Optional<SlurmJob> job)
    {
        if (code == 0) {
            return new InstanceState.Succeeded();
        }
        if (job.isPresent() && (job.get().state().equals("NODE_FAIL") || job.get().state().equals("BOOT_FAIL"))) {
            return new InstanceState.Failed(code, InstanceFiles.describeExit(code) + " when its node failed (Slurm job " + job.get().id() + " NODE_FAIL)", FaultDomain.NODE);
        }
        if (job.isPresent() && job.get().state().equals("OUT_OF_MEMORY")) {
            return new InstanceState.Failed(code, InstanceFiles.describeExit(code) + ": out of memory (Slurm job " + job.get().id() + ")");
        }
        return new InstanceState.Failed(code, InstanceFiles.describeExit(code));
    }

    private static String firstLine(Path file)
    {
        return read(file).flatMap(text -> text.lines().filter(line -> !line.isBlank()).findFirst()).orElse("no output from srun");
    }

    private static Optional<Long> jobId(InstanceDir dir)
    {
        return read(dir.path().resolve(JOB_FILE)).map(String::strip).filter(text -> !text.isEmpty()).map(Long::parseLong);
    }

    private static Optional<String> read(Path file)
    {
        try {
            return Optional.of(Files.readString(file, UTF_8));
        }
        catch (NoSuchFileException e) {
            return Optional.empty();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeAtomically(Path file, String content)
            throws IOException
    {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, content, UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private List<InstanceDir> launched()
    {
        try (Stream<Path> entries = Files.list(instancesRoot)) {
            return entries.sorted().map(InstanceDir::new).filter(InstanceDir::isLaunched).toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InstanceDir existing(String instanceId)
    {
        requireNonNull(instanceId, "instanceId is null");
        InstanceDir dir = new InstanceDir(instancesRoot.resolve(instanceId));
        if (instanceId.contains("/") || !dir.isLaunched()) {
            throw new NoSuchElementException("unknown instance: " + instanceId);
        }
        return dir;
    }
}
