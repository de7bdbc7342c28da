package io.meridian.server.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs browser journeys of {@code meridian-console/e2e} with Node's test runner (playwright-core driving Debian's
 * headless Chromium) against a running server, and fails with their output unless they all pass.
 */
final class BrowserJourneys
{
    static final Path CONSOLE = Path.of("..", "meridian-console").toAbsolutePath().normalize();

    private BrowserJourneys() {}

    /**
     * Runs {@code tests} (files or folders under {@code meridian-console}) against the server at {@code baseUrl}, as the
     * admin, with {@code env} added to the journeys' environment.
     */
    static void run(String baseUrl, String adminPassword, List<String> tests, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException
    {
        assertThat(Path.of("/usr/bin/chromium")).as("Debian's chromium package is needed for the browser test (apt-get install chromium)").exists();
        assertThat(CONSOLE.resolve("node_modules/playwright-core")).as("the console's npm packages (built by ./mvnw verify)").exists();

        Path output = Files.createTempFile("console-e2e", ".log");
        List<String> command = new ArrayList<>(List.of("node", "--test", "--test-concurrency=1"));
        command.addAll(tests);
        ProcessBuilder node = new ProcessBuilder(command)
                .directory(CONSOLE.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        node.environment().put("MERIDIAN_BASE_URL", baseUrl);
        node.environment().put("MERIDIAN_ADMIN_USER", "admin");
        node.environment().put("MERIDIAN_ADMIN_PASSWORD", adminPassword);
        node.environment().putAll(env);
        Process process = node.start();
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            // the runner and the Chromium it started, not just the runner
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println(log);
        assertThat(finished).as("browser journeys finished within %s:%n%s", timeout, log).isTrue();
        assertThat(process.exitValue()).as("browser journeys passed:%n%s", log).isZero();
    }
}
