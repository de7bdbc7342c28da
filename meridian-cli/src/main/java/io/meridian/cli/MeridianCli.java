package io.meridian.cli;

import io.meridian.cli.commands.ClustersCommand;
import io.meridian.cli.commands.ConfigCommand;
import io.meridian.cli.commands.JobsCommand;
import io.meridian.cli.commands.LoginCommand;
import io.meridian.cli.commands.LogoutCommand;
import io.meridian.cli.commands.LogsCommand;
import io.meridian.cli.commands.NodesCommand;
import io.meridian.cli.commands.QueuesCommand;
import io.meridian.cli.commands.QuotasCommand;
import io.meridian.cli.commands.RegionsCommand;
import io.meridian.cli.commands.RunsCommand;
import io.meridian.cli.commands.StopCommand;
import io.meridian.cli.commands.SubmitCommand;
import io.meridian.cli.commands.WhoamiCommand;
import io.meridian.cli.commands.WorkspacesCommand;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

import static java.util.Objects.requireNonNull;

/**
 * The {@code meridian} command. Each command group is one class under {@code io.meridian.cli.commands}; a new group
 * is added by listing its class in {@code subcommands}. Commands reach the process's
 * streams, environment and configuration directory only through {@link #context()}, which tests replace.
 */
@Command(name = "meridian",
        mixinStandardHelpOptions = true,
        versionProvider = MeridianCli.Version.class,
        description = "Command line client of the Meridian AI compute platform.",
        footer = {"", "Start with: meridian login --server URL --username NAME", "Exit codes: 0 success, 1 refused by the server or not reachable, 2 wrong usage."},
        subcommands = {
                CommandLine.HelpCommand.class,
                AutoComplete.GenerateCompletion.class,
                LoginCommand.class,
                LogoutCommand.class,
                WhoamiCommand.class,
                ConfigCommand.class,
                RegionsCommand.class,
                ClustersCommand.class,
                NodesCommand.class,
                QueuesCommand.class,
                QuotasCommand.class,
                WorkspacesCommand.class,
                SubmitCommand.class,
                RunsCommand.class,
                JobsCommand.class,
                LogsCommand.class,
                StopCommand.class,
        })
public final class MeridianCli
{
    private final CliContext context;

    public MeridianCli()
    {
        this(CliContext.system());
    }

    public MeridianCli(CliContext context)
    {
        this.context = requireNonNull(context, "context is null");
    }

    public CliContext context()
    {
        return context;
    }

    public static void main(String[] args)
    {
        System.exit(run(CliContext.system(), args));
    }

    /** Runs one command line in this JVM and answers its exit code; what a test or {@link #main} calls. */
    public static int run(CliContext context, String... args)
    {
        return commandLine(new MeridianCli(context)).execute(args);
    }

    /**
     * A picocli command line for {@code cli} with the CLI's conventions: help and usage errors on the context's streams,
     * usage errors as exit code 2 with a short hint instead of the whole help, unexpected failures as exit code 1.
     */
    public static CommandLine commandLine(MeridianCli cli)
    {
        CommandLine commandLine = new CommandLine(cli);
        commandLine.setOut(cli.context().out());
        commandLine.setErr(cli.context().err());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // meridian submit pytorch --name x --nodes 1 python3 train.py --lr 0.1: the first word of the command ends the
        // options, so the command's own options are passed through even without --.
        commandLine.getSubcommands().get("submit").getSubcommands().values().forEach(submit -> submit.setStopAtPositional(true));
        commandLine.setParameterExceptionHandler((exception, args) -> {
            PrintWriter err = exception.getCommandLine().getErr();
            err.println("error: " + exception.getMessage());
            // A bare group (meridian, meridian nodes) most likely means "what can I do here?": show its commands.
            if (exception.getMessage().startsWith("Missing required subcommand")) {
                exception.getCommandLine().usage(err);
                err.flush();
                return ExitCode.USAGE;
            }
            CommandLine.UnmatchedArgumentException.printSuggestions(exception, err);
            err.println("Run '" + exception.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            err.flush();
            return ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            PrintWriter err = failed.getErr();
            if (exception instanceof CliException known) {
                report(known, err);
                return known.exitCode();
            }
            err.println("error: unexpected failure: " + exception);
            if (cli.context().variable("MERIDIAN_DEBUG").isPresent()) {
                exception.printStackTrace(err);
            }
            else {
                err.println("(set MERIDIAN_DEBUG=1 to see the stack trace)");
            }
            err.flush();
            return ExitCode.FAILURE;
        });
        return commandLine;
    }

    /** Prints a failure the way every command does: {@code error: <message>} and its detail lines. */
    public static void report(CliException exception, PrintWriter err)
    {
        err.println("error: " + exception.getMessage());
        exception.details().forEach(err::println);
        err.flush();
    }

    /** The version from the jar's manifest; {@code dev} when running from classes. */
    public static final class Version
            implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            String version = MeridianCli.class.getPackage().getImplementationVersion();
            return new String[] {"meridian " + (version == null ? "dev" : version)};
        }
    }
}
