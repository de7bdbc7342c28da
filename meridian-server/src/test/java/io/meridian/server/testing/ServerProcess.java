package io.meridian.server.testing;

import io.meridian.server.MeridianApplication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.meridian.server.testing.ApiClient.body;
import static java.util.Objects.requireNonNull;

/**
 * A Meridian server in a JVM of its own, on a private home and database (as {@link Installation}), so that a test can
 * kill it as a crash would: {@link #kill()} is {@code kill -9}, no shutdown hook runs, nothing is flushed. It runs on this
 * JVM's class path with this JVM's test database settings; its output goes to a log file per start.
 */
public final class ServerProcess
        implements AutoCloseable
{
    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path home;
    private final Map<String, String> properties;
    private Process process;
    private Path log;
    private int port;
    private int starts;

    private ServerProcess(Path home, Map<String, String> properties)
    {
        this.home = requireNonNull(home, "home is null");
        this.properties = new HashMap<>(properties);
    }

    /** A new installation; {@code settings} are more server properties, as key, value, key, value. */
    public static ServerProcess fresh(String name, String... settings)
            throws IOException
    {
        Path home = Files.createTempDirectory("meridian-" + name + "-");
        Map<String, String> properties = new HashMap<>(TestDatabase.properties(home));
        properties.put("meridian.home", home.toString());
        properties.put("meridian.admin-password", Installation.ADMIN_PASSWORD);
        properties.put("meridian.bcrypt-strength", "4");
        properties.put("server.port", "0");
        for (int i = 0; i + 1 < settings.length; i += 2) {
            properties.put(settings[i], settings[i + 1]);
        }
        return new ServerProcess(home, properties);
    }

    /** A server property for the starts from now on. */
    public ServerProcess set(String key, String value)
    {
        properties.put(key, value);
        return this;
    }

    public Path home()
    {
        return home;
    }

    /** Starts the server and waits until it answers. */
    public ServerProcess start()
            throws IOException
    {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        starts++;
        log = home.resolve("server-" + starts + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"),
                MeridianApplication.class.getName()));
        // the placeholder in the H2 URL is the server's to resolve, not a shell's: no shell runs here
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher matcher = PORT.matcher(logText());
            if (matcher.find()) {
                port = Integer.parseInt(matcher.group(1));
                return this;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + tail());
            }
            sleep(100);
        }
        kill();
        throw new IllegalStateException("the server did not start in " + START_TIMEOUT + ":\n" + tail());
    }

    /** {@code kill -9}: the JVM ends at once, as in a crash. */
    public void kill()
    {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the server survived SIGKILL");
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the current start's log has a line matching {@code regex}. */
    public void awaitLog(String regex, Duration timeout)
    {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pattern.matcher(logText()).find()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError("no log line matching " + regex + ":\n" + tail());
            }
            sleep(50);
        }
    }

    public String baseUrl()
    {
        return "http://localhost:" + port;
    }

    public ApiClient loginAdmin()
    {
        ApiClient anonymous = new ApiClient(baseUrl(), null, "en");
        ApiClient.Response response = anonymous.post("/api/v1/auth/login", body("username", "admin", "password", Installation.ADMIN_PASSWORD));
        if (response.status() != 200) {
            throw new AssertionError("login: " + response + "\n" + tail());
        }
        return anonymous.withToken(response.text("token"));
    }

    public String tail()
    {
        String text = logText();
        return text.length() <= 6000 ? text : text.substring(text.length() - 6000);
    }

    private String logText()
    {
        try {
            // not readString: a line the server is writing may end in half a character
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis)
    {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close()
    {
        kill();
    }
}
