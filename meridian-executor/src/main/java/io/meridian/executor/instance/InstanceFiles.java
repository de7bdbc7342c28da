package io.meridian.executor.instance;

import io.meridian.executor.AssetKind;
import io.meridian.executor.Command;
import io.meridian.executor.InstanceSpec;
import io.meridian.executor.Mount;
import io.meridian.executor.PythonEnvironment;
import io.meridian.executor.Storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

/**
 * What every process backend does the same way: the wrapper script and the {@code meridian_runtime} helper it
 * extracts, the launcher that hands an instance its variables through a file, the platform's variables, and how an
 * exit code reads.
 */
public final class InstanceFiles
{
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /**
     * The first thing that runs as the instance's user: exports the instance's variables (NUL-separated
     * {@code NAME=VALUE} in the file {@code $1}; exported as data, never evaluated), enters the working directory
     * {@code $2} and executes the command. Variables travel in a file, not on a command line, so that nothing run as
     * root ever has them in its environment and no host process shows them in its arguments.
     */
    public static final String LAUNCHER = "set -u; while IFS= read -r -d '' entry; do export -- \"$entry\" || exit 126; done < \"$1\" || exit 126; "
            + "cd -- \"$2\" || exit 126; shift 2; exec -- \"$@\"";

    private static final String RESOURCES = "/io/meridian/executor/local/";
    // the files of the meridian_runtime package bundled into this jar from meridian-runtime-py
    private static final List<String> RUNTIME_PYTHON_FILES = List.of("meridian_runtime/__init__.py", "meridian_runtime/tensorboard.py");

    private InstanceFiles() {}

    /**
     * Where an instance finds what the platform gives it, as paths it can open (inside a sandbox or on the node).
     *
     * @param isolation the value of {@code MERIDIAN_ISOLATION}, such as {@code bubblewrap} or {@code none}
     */
    public record Paths(String home, String cache, String share, String mount, String metricsFile, String heartbeatFile, String configDir,
            String runtimePython, String python, String isolation)
    {
        public Paths
        {
            requireNonNull(home, "home is null");
            requireNonNull(cache, "cache is null");
            requireNonNull(share, "share is null");
            requireNonNull(mount, "mount is null");
            requireNonNull(metricsFile, "metricsFile is null");
            requireNonNull(heartbeatFile, "heartbeatFile is null");
            requireNonNull(configDir, "configDir is null");
            requireNonNull(runtimePython, "runtimePython is null");
            requireNonNull(python, "python is null");
            requireNonNull(isolation, "isolation is null");
        }

        /** Without a sandbox: the instance's directory and storage on the node, named by absolute paths. */
        public static Paths onNode(InstanceSpec spec, InstanceDir dir, Path runtimePython, Path python)
        {
            return new Paths(spec.storage().home().toString(), spec.storage().cache().toString(), spec.storage().share().toString(), dir.mounts().toString(),
                    dir.metrics().toString(), dir.heartbeat().toString(), dir.config().toString(), runtimePython.toString(), python.toString(), "none");
        }
    }

    /** The environment of the wrapper and whatever else runs before the launcher: the platform's, nothing of the instance. */
    public static Map<String, String> hostEnvironment()
    {
        return Map.of("PATH", DEFAULT_PATH, "LANG", "C.UTF-8");
    }

    /** The instance's variables: its own ({@link io.meridian.executor.EnvRules} checked them), then the platform's, which win. */
    public static Map<String, String> environment(String workloadId, InstanceSpec spec, Paths paths)
    {
        Map<String, String> env = new LinkedHashMap<>();
        env.putAll(hostEnvironment());
        env.put("MERIDIAN_CHECKPOINT_DIR", paths.home() + "/checkpoints/" + workloadId);
        // refused at launch already (EnvRules): PATH, HOME, the loader's and the shells' variables never come from here
        env.putAll(spec.env());
        // the rest belongs to the platform: an instance cannot redirect its metrics or widen its devices
        env.put("PATH", spec.environment().map(environment -> environment.bin() + ":" + DEFAULT_PATH).orElse(DEFAULT_PATH));
        env.put("HOME", paths.home());
        env.put("MERIDIAN_INSTANCE_ID", spec.id());
        env.put("MERIDIAN_WORKLOAD_ID", workloadId);
        env.put("MERIDIAN_ROLE", spec.role());
        env.put("MERIDIAN_NODE", spec.node());
        env.put("MERIDIAN_ISOLATION", paths.isolation());
        env.put("MERIDIAN_WORK_HOME", paths.home());
        env.put("MERIDIAN_WORK_CACHE", paths.cache());
        env.put("MERIDIAN_WORK_SHARE", paths.share());
        env.put("MERIDIAN_WORK_MOUNT", paths.mount());
        env.put("MERIDIAN_METRICS_FILE", paths.metricsFile());
        env.put("MERIDIAN_HEARTBEAT_FILE", paths.heartbeatFile());
        env.put("MERIDIAN_CONFIG_DIR", paths.configDir());
        env.put("MERIDIAN_PYTHON", spec.environment().map(environment -> environment.python().toString()).orElse(paths.python()));
        spec.environment().ifPresent(environment -> {
            // what an activated virtual environment sets; the environment is at the same path inside a sandbox
            env.put("VIRTUAL_ENV", environment.root().toString());
            env.put("MERIDIAN_ENVIRONMENT", environment.name());
        });
        env.put("PYTHONPATH", spec.env().containsKey("PYTHONPATH") ? paths.runtimePython() + ":" + spec.env().get("PYTHONPATH") : paths.runtimePython());
        env.put("MERIDIAN_DEVICES", spec.devices().asList());
        env.put("MERIDIAN_DEVICE_VENDOR", spec.devices().vendor().name().toLowerCase(Locale.ROOT));
        // an instance holding no GPU must not use one by accident on a shared host
        env.put(spec.devices().vendor().visibilityVariable(), spec.devices().asList());
        if (spec.devices().isShared()) {
            // shared cards (eGPU): what of each card the instance may use, for the program or a framework to honour
            env.put("MERIDIAN_DEVICE_SHARE_MILLI", String.valueOf(spec.devices().sharedMilli()));
            env.put("MERIDIAN_DEVICE_MEMORY_MIB", String.valueOf(spec.devices().memoryMibPerDevice()));
        }
        return env;
    }

    /**
     * What the launcher executes for the instance. A shell command runs in a login bash, whose {@code /etc/profile}
     * sets {@code PATH} anew; in an environment the script first puts the environment's {@code bin/} back in front,
     * as activating the environment would.
     */
    public static List<String> argv(InstanceSpec spec)
    {
        if (spec.environment().isPresent() && spec.command() instanceof Command.Shell(String script)) {
            return List.of("bash", "-lc", "PATH=\"$VIRTUAL_ENV/bin:$PATH\"; export PATH; " + script);
        }
        return spec.command().argv();
    }

    /** Says which interpreter the instance runs with, for its notes (and so the run's events). */
    public static String pythonNote(InstanceSpec spec, Path defaultPython)
    {
        return spec.environment()
                .map(environment -> "python: environment %s at %s (its bin/ first on PATH)".formatted(environment.name(), environment.root()))
                .orElse("python: " + defaultPython + " (no environment: the system's interpreter and PATH)");
    }

    /**
     * Refuses an environment that is not there, before anything of the instance is written: its interpreter would
     * only fail later as "command not found".
     */
    public static void requireInstalled(PythonEnvironment environment)
    {
        if (!Files.isExecutable(environment.python())) {
            throw new IllegalStateException("Python environment %s is not installed: %s is missing (bin/meridian-env install creates the preset environments)"
                    .formatted(environment.name(), environment.python()));
        }
    }

    /** The environment file the {@link #LAUNCHER} reads: NUL-separated {@code NAME=VALUE}. */
    public static byte[] environmentFile(Map<String, String> env)
    {
        StringBuilder file = new StringBuilder();
        env.forEach((name, value) -> file.append(name).append('=').append(value).append('\0'));
        return file.toString().getBytes(UTF_8);
    }

    /** Writes the wrapper script into {@code directory} and returns it. */
    public static Path extractWrapper(Path directory)
            throws IOException
    {
        return extract("meridian-instance.sh", directory);
    }

    /** Writes the {@code meridian_runtime} package under {@code directory}, which then belongs on {@code PYTHONPATH}. */
    public static Path extractRuntimePython(Path directory)
            throws IOException
    {
        for (String file : RUNTIME_PYTHON_FILES) {
            extract("runtime-py/" + file, directory.resolve(file).getParent());
        }
        return directory;
    }

    public static String describeExit(int code)
    {
        if (code > 128 && code < 160) {
            String signal = switch (code - 128) {
                case 1 -> "SIGHUP";
                case 2 -> "SIGINT";
                case 6 -> "SIGABRT";
                case 9 -> "SIGKILL (possibly out of memory)";
                case 11 -> "SIGSEGV";
                case 15 -> "SIGTERM";
                default -> "signal " + (code - 128);
            };
            return "killed by " + signal;
        }
        return switch (code) {
            case 126 -> "command not executable (exit code 126)";
            case 127 -> "command not found (exit code 127)";
            default -> "exited with code " + code;
        };
    }

    /** A path of the container layout on the host: under {@code base}, a directory an instance may control unless it is a mount. */
    public record HostLocation(Path base, Path relative, boolean mount)
    {
        public Path path()
        {
            return base.resolve(relative.toString());
        }
    }

    /**
     * The host path behind a path of the container layout, for the working directory and the fallback.
     */
    public static HostLocation hostLocation(Storage storage, String containerPath)
    {
        Path path = Path.of(containerPath).normalize();
        for (Mount mount : storage.mounts()) {
            Path root = Path.of(mount.containerPath());
            if (path.startsWith(root)) {
                return new HostLocation(mount.source(), root.relativize(path), true);
            }
        }
        Map<Path, Path> roots = new LinkedHashMap<>();
        roots.put(Path.of("/work/home"), storage.home());
        roots.put(Path.of("/work/cache"), storage.cache());
        roots.put(Path.of("/work/share"), storage.share());
        for (Map.Entry<Path, Path> root : roots.entrySet()) {
            if (path.startsWith(root.getKey())) {
                return new HostLocation(root.getValue(), root.getKey().relativize(path), false);
            }
        }
        throw new IllegalArgumentException("not inside /work/home, /work/cache, /work/share or a mount: " + containerPath);
    }

    /**
     * Without a sandbox, {@code $MERIDIAN_WORK_MOUNT/<kind>/<name>} are symbolic links to the assets, so that the
     * mount layout still holds; read-only is then not enforced.
     */
    public static void linkMounts(Storage storage, Path mounts)
            throws IOException
    {
        for (AssetKind kind : AssetKind.values()) {
            Files.createDirectories(mounts.resolve(kind.directoryName()));
        }
        for (Mount mount : storage.mounts()) {
            Files.createSymbolicLink(mounts.resolve(mount.kind().directoryName()).resolve(mount.name()), mount.source().toAbsolutePath());
        }
    }

    private static Path extract(String resource, Path directory)
            throws IOException
    {
        Files.createDirectories(directory);
        Path target = directory.resolve(Path.of(resource).getFileName());
        Path temporary = directory.resolve(target.getFileName() + ".tmp");
        try (InputStream in = InstanceFiles.class.getResourceAsStream(RESOURCES + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCES + resource);
            }
            Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
        }
        // rename, never overwrite: bash reads a script as it runs it, so running wrappers must keep their copy
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }
}
