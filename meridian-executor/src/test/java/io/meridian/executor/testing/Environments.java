package io.meridian.executor.testing;

import io.meridian.executor.PythonEnvironment;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Meridian's preset Python environments as {@code bin/meridian-env} installed them ({@code $MERIDIAN_ENVIRONMENTS},
 * default {@code $MERIDIAN_HOME/environments}). A test that needs one is skipped, saying how to install it, on a
 * developer's machine without it; where {@value #REQUIRED_VARIABLE}{@code =true} (CI's {@code .ci/run} sets it, after
 * installing them) the absence fails the test instead. The server's and the CLI's tests use this class through the
 * executor's test-jar.
 */
public final class Environments
{
    public static final String REQUIRED_VARIABLE = "MERIDIAN_REQUIRE_ENVIRONMENTS";

    private static final Path SCRIPT = Path.of("..", "bin", "meridian-env").toAbsolutePath().normalize();

    private Environments() {}

    /** What {@code bin/meridian-env path NAME} answered: the environment, or why there is none. */
    private record Lookup(Optional<PythonEnvironment> environment, String error) {}

    /** The preset environment a test needs: skips the test without it, or fails it where it is required. */
    public static PythonEnvironment preset(String name)
    {
        Lookup lookup = lookup(name);
        if (lookup.environment().isPresent()) {
            return lookup.environment().get();
        }
        String message = "the preset environment %s is not installed (%s): run bin/meridian-env install %s".formatted(name, lookup.error(), name);
        if (Boolean.parseBoolean(System.getenv(REQUIRED_VARIABLE))) {
            throw new AssertionError(message + "; " + REQUIRED_VARIABLE + "=true makes that a failure");
        }
        Assumptions.assumeTrue(false, message);
        throw new AssertionError("unreachable");
    }

    /** The preset environment where this machine has it, for what adapts to the machine (a shared server's settings). */
    public static Optional<PythonEnvironment> installed(String name)
    {
        return lookup(name).environment();
    }

    private static Lookup lookup(String name)
    {
        // the script knows where environments live and whether an installed one still matches its lock file
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), "path", name);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), UTF_8).strip();
            String err = new String(process.getErrorStream().readAllBytes(), UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(SCRIPT + " path " + name + " did not answer within 60 s");
            }
            if (process.exitValue() == 0) {
                Path root = Path.of(out);
                return new Lookup(Optional.of(new PythonEnvironment(root.getFileName().toString(), root)), "");
            }
            return new Lookup(Optional.empty(), err);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
