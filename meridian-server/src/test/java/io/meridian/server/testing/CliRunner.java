package io.meridian.server.testing;

import io.meridian.cli.CliContext;
import io.meridian.cli.MeridianCli;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * The {@code meridian} command in this JVM, as a user on this machine runs it: one configuration directory (so a
 * login is remembered between commands), streams captured, and the CLI's environment.
 */
public final class CliRunner
{
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path configDir;
    private final Map<String, String> environment;

    public CliRunner(Path configDir, Map<String, String> environment)
    {
        this.configDir = requireNonNull(configDir, "configDir is null");
        this.environment = Map.copyOf(environment);
    }

    public record Result(int exitCode, String out, String err)
    {
        public JsonNode json()
        {
            return JSON.readTree(out);
        }

        @Override
        public String toString()
        {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** A command still running on a thread of its own (a {@code logs -f}); its output so far can be read meanwhile. */
    public record Running(StringWriter out, StringWriter err, CompletableFuture<Result> result) {}

    public Result run(String... args)
    {
        return runWithInput("", args);
    }

    public Result runWithInput(String input, String... args)
    {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        return execute(input, out, err, args);
    }

    public Running start(String... args)
    {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        return new Running(out, err, CompletableFuture.supplyAsync(() -> execute("", out, err, args), task -> Thread.ofPlatform().daemon().name("meridian-cli").start(task)));
    }

    private Result execute(String input, StringWriter out, StringWriter err, String... args)
    {
        CliContext context = CliContext.of(new PrintWriter(out, true), new PrintWriter(err, true), configDir)
                .withInput(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)))
                .withEnvironment(environment);
        int exitCode = MeridianCli.run(context, args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
