package io.meridian.executor.local;

import io.meridian.executor.AssetKind;
import io.meridian.executor.DeviceVendor;
import io.meridian.executor.InstanceSpec;
import io.meridian.executor.Mount;
import io.meridian.executor.PythonEnvironment;
import io.meridian.executor.Storage;
import io.meridian.executor.Tenancy;
import io.meridian.executor.device.Device;
import io.meridian.executor.instance.InstanceDir;
import io.meridian.executor.instance.InstanceFiles;
import io.meridian.executor.instance.InstanceUser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Presents the container layout to an instance. With bubblewrap: exactly {@code /work/home},
 * {@code /work/cache}, {@code /work/share} and {@code /work/mount/{dataset,model,code}/<name>} in a private
 * mount and PID namespace over a read-only view of the host's system directories, plus the platform's own
 * files under {@code /meridian}. Without: the host directories themselves, named by {@code MERIDIAN_WORK_*}
 * variables. Either way scripts written against {@code $MERIDIAN_WORK_HOME} and friends run unchanged.
 */
final class Sandbox
{
    static final String ISOLATION_NONE_NOTE = "isolation: none, paths passed via environment";
    static final String ISOLATION_BUBBLEWRAP_NOTE = "isolation: bubblewrap (private mount and PID namespace; /work layout as specified)";

    private static final List<String> SYSTEM_DIRECTORIES = List.of("/usr", "/etc", "/opt", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    private static final String SANDBOX_ENVIRONMENT = "/meridian/environment";

    private final boolean bubblewrap;
    private final Path bubblewrapExecutable;
    private final Path runtimePython;
    private final Path python;
    private final List<Device> realDevices;
    private final boolean switchUser;
    private final int serverUid;

    Sandbox(boolean bubblewrap, Path bubblewrapExecutable, Path runtimePython, Path python, List<Device> realDevices, boolean switchUser, int serverUid)
    {
        this.bubblewrap = bubblewrap;
        this.bubblewrapExecutable = requireNonNull(bubblewrapExecutable, "bubblewrapExecutable is null");
        this.runtimePython = requireNonNull(runtimePython, "runtimePython is null");
        this.python = requireNonNull(python, "python is null");
        this.realDevices = List.copyOf(requireNonNull(realDevices, "realDevices is null"));
        this.switchUser = switchUser;
        this.serverUid = serverUid;
    }

    boolean isBubblewrap()
    {
        return bubblewrap;
    }

    /** Whether instances run as their tenant's uid; only a server running as root can switch users. */
    boolean switchesUser()
    {
        return switchUser;
    }

    record Prepared(List<String> argv, List<String> notes) {}

    /**
     * Creates what the instance's directory must hold before start, gives the instance's user what it must write,
     * and returns how to start it. The command line holds no variable of the instance.
     */
    Prepared prepare(String workloadId, Tenancy tenancy, InstanceSpec spec, InstanceDir dir)
            throws IOException
    {
        Storage storage = spec.storage();
        InstanceUser user = switchUser
                ? InstanceUser.tenant(tenancy)
                : InstanceUser.starter(tenancy, "user: the server's own uid %d (the server is not root, so it cannot switch to the tenant's uid %d)"
                        .formatted(serverUid, tenancy.uid()));
        user.prepareStorage(storage);
        for (Path hostDir : List.of(dir.io(), dir.config())) {
            Files.createDirectory(hostDir);
        }
        for (Map.Entry<String, String> file : spec.files().entrySet()) {
            Files.writeString(dir.config().resolve(file.getKey()), file.getValue());
        }
        if (!bubblewrap) {
            InstanceFiles.linkMounts(storage, dir.mounts());
        }
        Files.write(dir.environment(), InstanceFiles.environmentFile(InstanceFiles.environment(workloadId, spec, paths(spec, dir))));
        user.handOver(dir);
        Path hostWorkingDir = user.createWorkingDir(storage, spec.workingDir());
        if (!bubblewrap) {
            user.letReachWithoutSandbox(dir, storage, hostWorkingDir, runtimePython, environmentReach(spec));
        }

        List<String> notes = new ArrayList<>();
        notes.add(bubblewrap ? ISOLATION_BUBBLEWRAP_NOTE : ISOLATION_NONE_NOTE);
        notes.add(user.note());
        notes.add("node: placed on " + spec.node() + "; the local backend runs every node on this host");
        devicesNote(spec).ifPresent(notes::add);
        notes.add(InstanceFiles.pythonNote(spec, python));

        List<String> argv = new ArrayList<>();
        if (bubblewrap) {
            argv.addAll(bubblewrapArguments(spec, dir));
        }
        argv.addAll(user.command(bubblewrap ? SANDBOX_ENVIRONMENT : dir.environment().toString(),
                bubblewrap ? spec.workingDir() : hostWorkingDir.toString(), InstanceFiles.argv(spec)));
        return new Prepared(argv, notes);
    }

    /** The environment of the wrapper, bubblewrap and the privilege switch: the platform's, nothing of the instance. */
    static Map<String, String> hostEnvironment()
    {
        return InstanceFiles.hostEnvironment();
    }

    private InstanceFiles.Paths paths(InstanceSpec spec, InstanceDir dir)
    {
        if (!bubblewrap) {
            return InstanceFiles.Paths.onNode(spec, dir, runtimePython, python);
        }
        return new InstanceFiles.Paths("/work/home", "/work/cache", "/work/share", "/work/mount", "/meridian/instance/metrics.jsonl",
                "/meridian/instance/heartbeat", "/meridian/config", "/meridian/runtime-py", python.toString(), "bubblewrap");
    }

    private List<String> bubblewrapArguments(InstanceSpec spec, InstanceDir dir)
    {
        Storage storage = spec.storage();
        List<String> args = new ArrayList<>(List.of(
                bubblewrapExecutable.toString(),
                // no --die-with-parent: instances outlive a server restart
                "--unshare-pid",
                "--unshare-ipc",
                "--unshare-uts",
                "--new-session"));
        for (String system : SYSTEM_DIRECTORIES) {
            Path path = Path.of(system);
            if (Files.isSymbolicLink(path)) {
                // merged-/usr systems link /bin to usr/bin; recreate the link rather than bind a second copy
                args.addAll(List.of("--symlink", readLink(path), system));
            }
            else if (Files.isDirectory(path)) {
                args.addAll(List.of("--ro-bind", system, system));
            }
        }
        // a new /proc shows the sandbox's processes only; /tmp is the instance's own, writable by its user
        args.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/dev/shm", "--perms", "1777", "--tmpfs", "/tmp"));
        // directories bubblewrap creates on its own are root's alone: the instance's user must pass through these
        args.addAll(List.of("--perms", "0755", "--dir", "/work", "--perms", "0755", "--dir", "/meridian"));
        args.addAll(List.of("--bind", storage.home().toString(), "/work/home"));
        args.addAll(List.of("--bind", storage.cache().toString(), "/work/cache"));
        args.addAll(List.of("--bind", storage.share().toString(), "/work/share"));
        for (AssetKind kind : AssetKind.values()) {
            args.addAll(List.of("--perms", "0755", "--dir", "/work/mount/" + kind.directoryName()));
        }
        for (Mount mount : storage.mounts()) {
            args.addAll(List.of(mount.readOnly() ? "--ro-bind" : "--bind", mount.source().toString(), mount.containerPath()));
        }
        args.addAll(List.of("--bind", dir.io().toString(), "/meridian/instance"));
        args.addAll(List.of("--ro-bind", dir.config().toString(), "/meridian/config"));
        args.addAll(List.of("--ro-bind", dir.environment().toString(), SANDBOX_ENVIRONMENT));
        args.addAll(List.of("--ro-bind", runtimePython.toString(), "/meridian/runtime-py"));
        spec.environment().ifPresent(environment -> args.addAll(environmentArguments(environment)));
        for (String node : deviceNodes(spec)) {
            args.addAll(List.of("--dev-bind-try", node, node));
        }
        // the launcher enters the working directory as the instance's user
        args.addAll(List.of("--chdir", "/", "--"));
        return args;
    }

    /**
     * The environment, read-only at the same path as on the host (its scripts and {@code VIRTUAL_ENV} name that
     * path), below directories the instance's user may pass through.
     */
    private static List<String> environmentArguments(PythonEnvironment environment)
    {
        List<String> args = new ArrayList<>();
        for (Path path : environmentPaths(environment)) {
            List<Path> ancestors = new ArrayList<>();
            for (Path ancestor = path.getParent(); ancestor != null && ancestor.getParent() != null; ancestor = ancestor.getParent()) {
                ancestors.addFirst(ancestor);
            }
            ancestors.forEach(ancestor -> args.addAll(List.of("--perms", "0755", "--dir", ancestor.toString())));
            args.addAll(List.of("--ro-bind", path.toString(), path.toString()));
        }
        return args;
    }

    /** What of its environment an instance without a sandbox must be able to pass through to (its files are world-readable). */
    private static List<Path> environmentReach(InstanceSpec spec)
    {
        return spec.environment().map(environment -> environmentPaths(environment).stream().map(path -> path.resolve("x")).toList()).orElse(List.of());
    }

    /**
     * What an instance must see to run in the environment: the environment and the installation of the interpreter
     * its {@code bin/python} links to ({@code home} in {@code pyvenv.cfg} is that interpreter's {@code bin/}), except
     * what the system directories already show, such as Debian's {@code /usr}.
     */
    private static List<Path> environmentPaths(PythonEnvironment environment)
    {
        List<Path> paths = new ArrayList<>(List.of(environment.root()));
        baseInterpreterHome(environment).map(Path::getParent).ifPresent(paths::add);
        return paths.stream()
                .filter(path -> SYSTEM_DIRECTORIES.stream().noneMatch(system -> path.startsWith(system) && Files.isDirectory(Path.of(system))))
                .distinct()
                .toList();
    }

    private static Optional<Path> baseInterpreterHome(PythonEnvironment environment)
    {
        try (Stream<String> lines = Files.lines(environment.root().resolve("pyvenv.cfg"))) {
            return lines.map(line -> line.split("=", 2))
                    .filter(pair -> pair.length == 2 && pair[0].strip().equals("home"))
                    .map(pair -> Path.of(pair[1].strip()))
                    .filter(Path::isAbsolute)
                    .findFirst();
        }
        catch (IOException e) {
            // not a virtual environment (a plain installation): nothing beyond its root to show
            return Optional.empty();
        }
    }

    /**
     * Device nodes of the vendor whose devices the instance holds, if this host really has such devices.
     * Visibility variables, not the sandbox, select among them.
     */
    private List<String> deviceNodes(InstanceSpec spec)
    {
        if (spec.devices().isEmpty() || realDevices.stream().noneMatch(device -> device.vendor() == spec.devices().vendor())) {
            return List.of();
        }
        Set<String> shared = spec.devices().vendor() == DeviceVendor.NVIDIA
                ? Set.of("nvidiactl", "nvidia-uvm", "nvidia-uvm-tools", "nvidia-modeset")
                : Set.of("davinci_manager", "devmm_svm", "hisi_hdc");
        String prefix = spec.devices().vendor() == DeviceVendor.NVIDIA ? "nvidia" : "davinci";
        try (Stream<Path> entries = Files.list(Path.of("/dev"))) {
            return entries.map(path -> path.getFileName().toString())
                    .filter(name -> shared.contains(name) || name.matches(prefix + "\\d+"))
                    .sorted()
                    .map(name -> "/dev/" + name)
                    .toList();
        }
        catch (IOException e) {
            return List.of();
        }
    }

    private Optional<String> devicesNote(InstanceSpec spec)
    {
        if (spec.devices().isEmpty()) {
            return Optional.empty();
        }
        DeviceVendor vendor = spec.devices().vendor();
        Set<Integer> real = realDevices.stream().filter(device -> device.vendor() == vendor).map(Device::index).collect(Collectors.toSet());
        String held = vendor.name().toLowerCase(Locale.ROOT) + " " + spec.devices().asList();
        if (real.containsAll(spec.devices().indices())) {
            return Optional.of("devices: " + held + " are real devices of this host, used for real");
        }
        return Optional.of("devices: " + held + " assigned by placement but not present on this host; "
                + vendor.visibilityVariable() + " is set, nothing runs on them");
    }

    private static String readLink(Path path)
    {
        try {
            return Files.readSymbolicLink(path).toString();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
