package io.meridian.executor.slurm;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Slurm on this machine for the tests: {@code bin/slurm-local up} under a private home and ports, once per
 * test run, and {@code down} when the run ends. A watchdog process runs {@code down} if the JVM dies without
 * ending the run, so no daemon outlives it. Tests are skipped only where Slurm's programs are not installed.
 */
public final class SlurmLocal
        implements BeforeAllCallback, ParameterResolver
{
    static final Path SCRIPT = Path.of("..", "bin", "slurm-local").toAbsolutePath().normalize();
    private static final List<String> PROGRAMS = List.of("/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/slurmrestd", "/usr/bin/scontrol", "/usr/bin/sinfo");
    private static final Pattern EXPORT = Pattern.compile("export (\\w+)='([^']*)'");

    @Override
    public void beforeAll(ExtensionContext context)
    {
        assumeTrue(PROGRAMS.stream().allMatch(program -> Files.isExecutable(Path.of(program))),
                "Slurm is not installed (Debian's slurm-wlm, slurmrestd and munge; .ci/run installs them)");
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(Cluster.class, key -> Cluster.start(), Cluster.class);
    }

    /** Tests of a class extended with {@link SlurmLocal} take the running cluster as a parameter. */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context)
    {
        return parameter.getParameter().getType() == Cluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
    {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).get(Cluster.class, Cluster.class);
    }

    public record Cluster(Path home, Map<String, String> exports)
            implements ExtensionContext.Store.CloseableResource
    {
        static Cluster start()
        {
            try {
                Path home = Files.createTempDirectory("meridian-slurm-test-");
                ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), "up")
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
                builder.environment().putAll(environment(home));
                Process up = builder.start();
                String output = new String(up.getInputStream().readAllBytes(), UTF_8);
                Map<String, String> exports = new HashMap<>();
                Matcher matcher = EXPORT.matcher(output);
                while (matcher.find()) {
                    exports.put(matcher.group(1), matcher.group(2));
                }
                if (!up.waitFor(120, TimeUnit.SECONDS) || up.exitValue() != 0) {
                    down(home);
                    throw new IllegalStateException("bin/slurm-local up failed (exit " + up.exitValue() + "); see " + home.resolve("log"));
                }
                watchdog(home);
                return new Cluster(home, Map.copyOf(exports));
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        public SlurmConnection connection()
        {
            return SlurmConnection.of(exports.get("MERIDIAN_SLURM_URL"), exports.get("MERIDIAN_SLURM_USER"), exports.get("MERIDIAN_SLURM_TOKEN"));
        }

        /** Runs one of Slurm's own commands ({@code scontrol}, {@code squeue}) against this cluster. */
        public String slurm(String... command)
        {
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
                builder.environment().put("SLURM_CONF", exports.get("SLURM_CONF"));
                Process process = builder.start();
                String output = new String(process.getInputStream().readAllBytes(), UTF_8);
                if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
                }
                return output;
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close()
        {
            down(home);
            try (Stream<Path> paths = Files.walk(home)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Map<String, String> environment(Path home)
        {
            return Map.of("SLURM_LOCAL_HOME", home.toString(), "SLURM_LOCAL_PORT_BASE", String.valueOf(freePortBase()));
        }

        private static void down(Path home)
        {
            try {
                ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), "down").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
                builder.environment().put("SLURM_LOCAL_HOME", home.toString());
                builder.start().waitFor(60, TimeUnit.SECONDS);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Stops the cluster once this JVM is gone, however it ended. */
        private static void watchdog(Path home)
                throws IOException
        {
            String script = "while kill -0 \"$1\" 2> /dev/null; do sleep 1; done; SLURM_LOCAL_HOME=\"$2\" exec \"$3\" down";
            new ProcessBuilder("/usr/bin/setsid", "/bin/bash", "-c", script, "meridian-slurm-watchdog",
                    String.valueOf(ProcessHandle.current().pid()), home.toString(), SCRIPT.toString())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        }

        /** Four consecutive free ports (slurmctld, slurmrestd, two slurmd) in a range no default uses. */
        private static int freePortBase()
        {
            for (int attempt = 0; attempt < 50; attempt++) {
                int base = ThreadLocalRandom.current().nextInt(20000, 28000);
                if (free(base) && free(base + 1) && free(base + 2) && free(base + 3)) {
                    return base;
                }
            }
            throw new IllegalStateException("no four free consecutive ports found");
        }

        private static boolean free(int port)
        {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return true;
            }
            catch (IOException e) {
                return false;
            }
        }
    }
}
