package io.meridian.executor.local;

import io.meridian.executor.Endpoints;
import io.meridian.executor.Executor;
import io.meridian.executor.FaultDomain;
import io.meridian.executor.InstanceSpec;
import io.meridian.executor.InstanceState;
import io.meridian.executor.LogStore;
import io.meridian.executor.MetricsStore;
import io.meridian.executor.ObservedInstance;
import io.meridian.executor.Tenancy;
import io.meridian.executor.WorkloadLaunch;
import io.meridian.executor.instance.FileLogs;
import io.meridian.executor.instance.HostFiles;
import io.meridian.executor.instance.InstanceDir;
import io.meridian.executor.instance.InstanceFiles;
import io.meridian.executor.instance.InstanceUser;
import io.meridian.executor.usage.DeviceMetrics;
import io.meridian.executor.usage.InstanceUsage;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Runs each instance as a process tree on this host. Every instance is started through a small bash wrapper
 * in a session of its own, detached from the server (no pipes, stdin from /dev/null), so it survives the
 * server; the wrapper records pid, start time, timestamped output and exit code under
 * {@code <root>/instances/<id>/}, which is all a new executor needs to reattach. This executor keeps no
 * state in memory: every call reads the runtime directory.
 */
public final class LocalExecutor
        implements Executor
{
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final LocalExecutorConfig config;
    private final Path instancesRoot;
    private final Path wrapper;
    private final Sandbox sandbox;
    private final LocalEndpoints endpoints = new LocalEndpoints();
    // instances this executor started: still starting (no pid yet) is not a start cut short
    private final Set<String> startedHere = ConcurrentHashMap.newKeySet();
    private final FileLogs files;
    private final Path tenantFile;

    public LocalExecutor(LocalExecutorConfig config)
    {
        this.config = requireNonNull(config, "config is null");
        try {
            Path root = Files.createDirectories(config.root());
            instancesRoot = Files.createDirectories(root.resolve("instances"));
            // instances' users may pass through (without a sandbox they must) but never list what others run
            HostFiles.chmod(root, "rwx--x--x");
            HostFiles.chmod(instancesRoot, "rwx--x--x");
            tenantFile = root.resolve("unisolated-tenant");
            wrapper = InstanceFiles.extractWrapper(root.resolve("bin"));
            Path runtimePython = InstanceFiles.extractRuntimePython(root.resolve("runtime-py"));
            sandbox = new Sandbox(useBubblewrap(config), config.bubblewrap(), runtimePython, config.python(), config.deviceProbe().devices(),
                    HostFiles.isRoot(), (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files = new FileLogs(this::existing);
    }

    @Override
    public String backend()
    {
        return "local";
    }

    /**
     * Whether instances run in a bubblewrap sandbox; when not, the server should show
     * {@code isolation: none, paths passed via environment} (also among each instance's notes).
     */
    public boolean isIsolated()
    {
        return sandbox.isBubblewrap();
    }

    /** Whether instances run as their tenant's unprivileged uid: the server must be root to switch users. */
    public boolean switchesUser()
    {
        return sandbox.switchesUser();
    }

    @Override
    public Endpoints endpoints()
    {
        return endpoints;
    }

    /**
     * Idempotent, so that a caller that crashed while launching resumes by launching again: an instance that was
     * started is left as it is, and one whose start an earlier server process left half done (its directory written,
     * no process recorded) is started afresh.
     */
    @Override
    public void launch(WorkloadLaunch launch)
    {
        requireNonNull(launch, "launch is null");
        List<InstanceSpec> due = new ArrayList<>();
        for (InstanceSpec instance : launch.instances()) {
            Path path = instancesRoot.resolve(instance.id());
            if (!Files.exists(path)) {
                due.add(instance);
                continue;
            }
            InstanceDir dir = new InstanceDir(path);
            String workload = dir.isLaunched() ? dir.properties().getProperty("workload") : launch.workloadId();
            if (!launch.workloadId().equals(workload)) {
                throw new IllegalArgumentException("instance already exists in workload " + workload + ": " + instance.id());
            }
            if (startedHere.contains(instance.id()) || dir.leader().isPresent() || dir.exitCode().isPresent()) {
                continue;
            }
            // no process ever recorded itself, and none is starting in this process: a start cut short by a crash
            dir.delete();
            due.add(instance);
        }
        if (sandbox.switchesUser()) {
            InstanceUser.requireSetpriv();
        }
        due.forEach(instance -> instance.environment().ifPresent(InstanceFiles::requireInstalled));
        admitTenant(launch.tenancy());
        for (InstanceSpec instance : due) {
            try {
                startedHere.add(instance.id());
                start(launch.workloadId(), launch.tenancy(), instance);
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot launch " + instance.id() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Without bubblewrap nothing but file modes keeps tenants apart (every instance sees the host's file system and
     * processes), so the first tenant to run here is the only one, unless an administrator allowed more.
     */
    private synchronized void admitTenant(Tenancy tenancy)
    {
        if (sandbox.isBubblewrap() || config.allowUnisolatedMultiTenant()) {
            return;
        }
        try {
            if (!Files.exists(tenantFile)) {
                Files.writeString(tenantFile, tenancy.tenantId() + "\n");
                return;
            }
            String first = Files.readString(tenantFile).strip();
            if (!first.equals(tenancy.tenantId())) {
                throw new IllegalStateException(("the local backend runs without bubblewrap, which cannot keep tenants apart: it serves tenant %s only, "
                        + "not %s (install bubblewrap, or let an administrator set meridian.executor.allow-unisolated-multi-tenant=true)")
                        .formatted(first, tenancy.tenantId()));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void start(String workloadId, Tenancy tenancy, InstanceSpec instance)
            throws IOException
    {
        Path path = instancesRoot.resolve(instance.id());
        InstanceDir dir = new InstanceDir(Files.createDirectory(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
        Sandbox.Prepared prepared = sandbox.prepare(workloadId, tenancy, instance, dir);

        Properties properties = new Properties();
        properties.setProperty("workload", workloadId);
        properties.setProperty("role", instance.role());
        properties.setProperty("node", instance.node());
        properties.setProperty("tenant", tenancy.tenantId());
        properties.setProperty("uid", String.valueOf(tenancy.uid()));
        properties.setProperty("launched", Instant.now().toString());
        properties.setProperty("command", String.join(" ", instance.command().argv()));
        // which cards' metrics belong to this instance in usage()
        properties.setProperty("devices", instance.devices().vendor().name() + ":" + instance.devices().asList());
        dir.writeNotes(prepared.notes());
        dir.writeProperties(properties);

        List<String> command = new ArrayList<>(List.of("/usr/bin/setsid", "/bin/bash", wrapper.toString(), dir.path().toString()));
        command.addAll(prepared.argv());
        ProcessBuilder builder = new ProcessBuilder(command)
                // the launcher enters the working directory, as the instance's user: root never walks the instance's paths
                .directory(dir.path().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.wrapperErrors().toFile()))
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        // neither the server's environment (credentials, JVM settings) nor the instance's: the wrapper, bubblewrap and
        // setpriv run as root, and a shell or loader variable there (BASH_ENV, LD_PRELOAD) would run code as root
        environment.clear();
        environment.putAll(Sandbox.hostEnvironment());
        Process process = builder.start();
        awaitLeader(dir, process);
    }

    /**
     * Waits until the wrapper recorded its pid, so that a launched instance can be stopped at once.
     */
    private static void awaitLeader(InstanceDir dir, Process process)
            throws IOException
    {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (dir.leader().isEmpty() && System.nanoTime() - deadline < 0) {
            if (!process.isAlive() && dir.leader().isEmpty()) {
                // the wrapper died before running anything (see wrapper.err); record it as the exit status
                dir.writeExitCode(process.exitValue() == 0 ? 127 : process.exitValue());
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Override
    public List<ObservedInstance> observe()
    {
        return launched().map(this::observe).toList();
    }

    @Override
    public List<ObservedInstance> reattach()
    {
        // all state is on disk and re-read on every call, so adopting earlier instances is observing them
        return observe();
    }

    @Override
    public CompletableFuture<Void> stop(String instanceId)
    {
        InstanceDir dir = existing(instanceId);
        if (state(dir).isTerminal()) {
            return CompletableFuture.completedFuture(null);
        }
        dir.requestStop();
        return dir.leader()
                .map(leader -> CompletableFuture.runAsync(
                        () -> new ProcessTree(leader.pid(), leader.startTicks()).terminate(config.stopGracePeriod()),
                        task -> Thread.ofVirtual().name("meridian-stop-" + instanceId).start(task)))
                .orElseGet(() -> CompletableFuture.completedFuture(null));
    }

    @Override
    public CompletableFuture<Void> stopWorkload(String workloadId)
    {
        requireNonNull(workloadId, "workloadId is null");
        return CompletableFuture.allOf(launched()
                .filter(dir -> dir.properties().getProperty("workload").equals(workloadId))
                .map(dir -> stop(dir.instanceId()))
                .toArray(CompletableFuture[]::new));
    }

    @Override
    public void forget(String instanceId)
    {
        InstanceDir dir = existing(instanceId);
        if (!state(dir).isTerminal()) {
            throw new IllegalStateException("instance is still running: " + instanceId);
        }
        startedHere.remove(instanceId);
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

    @Override
    public List<InstanceUsage> usage()
    {
        Set<String> realDevices = config.deviceProbe().devices().stream()
                .map(device -> device.vendor().name() + ":" + device.index())
                .collect(Collectors.toSet());
        List<InstanceUsage> usage = new ArrayList<>();
        // the cards' metrics are read once per call, and only if some running instance holds a real card
        List<DeviceMetrics> cards = null;
        // one listing of the host's processes for all instances: a listing per instance made a pass quadratic
        List<ProcFs.Stat> processes = ProcFs.all();
        for (InstanceDir dir : launched().toList()) {
            var leader = dir.leader();
            if (leader.isEmpty() || !(state(dir) instanceof InstanceState.Running)) {
                continue;
            }
            Instant now = Instant.now();
            ProcessTree.Totals totals = new ProcessTree(leader.get().pid(), leader.get().startTicks()).totals(processes);
            if (totals.processes() == 0) {
                // ended between the state check and the reading
                continue;
            }
            Properties properties = dir.properties();
            // "NVIDIA:0,1", written at launch
            String[] allocation = properties.getProperty("devices", "").split(":", 2);
            List<Integer> held = heldDevices(allocation, realDevices);
            if (cards == null && !held.isEmpty()) {
                cards = config.deviceMetricsProbe().sample();
            }
            List<DeviceMetrics> devices = held.isEmpty() ? List.of() : cards.stream()
                    .filter(card -> card.vendor().name().equals(allocation[0]) && held.contains(card.index()))
                    .toList();
            long pid = leader.get().pid();
            usage.add(new InstanceUsage(
                    dir.instanceId(),
                    properties.getProperty("workload"),
                    now,
                    ClockTicks.toDuration(totals.cpuTicks()),
                    totals.residentBytes(),
                    totals.readBytes(),
                    totals.writeBytes(),
                    totals.processes(),
                    Confinement.memoryLimit(pid),
                    Confinement.cpuLimit(pid),
                    Confinement.node(),
                    Confinement.network(pid),
                    devices));
        }
        return List.copyOf(usage);
    }

    /**
     * The indices of the cards of an allocation ({@code [vendor, "0,1"]}) that really exist on this host
     * ({@code vendor:index} in {@code realDevices}); instances launched before allocations were recorded hold none.
     */
    private static List<Integer> heldDevices(String[] allocation, Set<String> realDevices)
    {
        if (allocation.length != 2 || allocation[1].isEmpty()) {
            return List.of();
        }
        return Stream.of(allocation[1].split(","))
                .filter(index -> realDevices.contains(allocation[0] + ":" + index))
                .map(Integer::parseInt)
                .toList();
    }

    private ObservedInstance observe(InstanceDir dir)
    {
        Properties properties = dir.properties();
        return new ObservedInstance(
                dir.instanceId(),
                properties.getProperty("workload"),
                properties.getProperty("role"),
                properties.getProperty("node"),
                state(dir),
                dir.lastHeartbeat(),
                dir.notes());
    }

    private static InstanceState state(InstanceDir dir)
    {
        if (dir.exitCode().isEmpty()) {
            var leader = dir.leader();
            if (leader.isEmpty()) {
                return new InstanceState.Pending();
            }
            if (ProcFs.isAlive(leader.get().pid(), leader.get().startTicks())) {
                return new InstanceState.Running();
            }
        }
        // read again: the wrapper may have written its exit code after the first look
        return dir.exitCode()
                .map(code -> ended(dir, code))
                .orElseGet(() -> dir.stopRequested()
                        ? new InstanceState.Stopped()
                        // the wrapper that records the exit code went down with the instance: nothing of the instance's own
                        // does that, a node going down (shutdown, reboot, the whole session killed) does
                        : new InstanceState.Failed(InstanceState.Failed.UNKNOWN_EXIT_CODE,
                                "the instance vanished with its supervisor, without an exit code (node shut down, rebooted or lost)", FaultDomain.NODE));
    }

    private static InstanceState ended(InstanceDir dir, int code)
    {
        if (dir.stopRequested()) {
            return new InstanceState.Stopped();
        }
        if (code == 0) {
            return new InstanceState.Succeeded();
        }
        return new InstanceState.Failed(code, describeExit(code));
    }

    static String describeExit(int code)
    {
        return InstanceFiles.describeExit(code);
    }

    private Stream<InstanceDir> launched()
    {
        try (Stream<Path> entries = Files.list(instancesRoot)) {
            return entries.sorted().map(InstanceDir::new).filter(InstanceDir::isLaunched).toList().stream();
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

    private static boolean useBubblewrap(LocalExecutorConfig config)
    {
        return switch (config.isolation()) {
            case NONE -> false;
            case AUTO -> bubblewrapWorks(config.bubblewrap());
            case BUBBLEWRAP -> {
                if (!bubblewrapWorks(config.bubblewrap())) {
                    throw new IllegalStateException("bubblewrap isolation requested but " + config.bubblewrap() + " cannot create a sandbox here");
                }
                yield true;
            }
        };
    }

    /**
     * Being installed is not enough: bubblewrap also needs user namespaces or privileges, so try it once.
     */
    private static boolean bubblewrapWorks(Path bubblewrap)
    {
        if (!Files.isExecutable(bubblewrap)) {
            return false;
        }
        try {
            Process process = new ProcessBuilder(bubblewrap.toString(), "--ro-bind", "/", "/", "--unshare-pid", "--new-session", "true")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        }
        catch (IOException e) {
            return false;
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
