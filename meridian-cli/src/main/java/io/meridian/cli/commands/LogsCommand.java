package io.meridian.cli.commands;

import io.meridian.cli.CliException;
import io.meridian.cli.ExitCode;
import io.meridian.cli.http.ApiClient;
import io.meridian.cli.http.ApiProblem;
import io.meridian.cli.http.Query;
import io.meridian.cli.training.CtrlC;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code meridian logs ID [--instance NAME] [-f]}: an instance's log from {@code GET /training-runs/{id}/logs} (or
 * {@code /jobs/{id}/logs} for a job, whose ID starts {@code job-}), read page by page with
 * {@code offset}/{@code nextOffset}. Following polls until the run or job is over and its log is drained.
 */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Print the log of an instance of a training run (default: the master of the current attempt) or of a job (default: its first instance).",
                "With -f, keep printing new lines until the run or job ends; Ctrl-C stops following (exit code 0)."})
public final class LogsCommand
        extends CommandSupport
        implements Callable<Integer>
{
    /** The server's largest page. */
    static final int PAGE_BYTES = 1024 * 1024;
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    /** Milliseconds between polls while following; for tests. */
    public static final String POLL_INTERVAL_VARIABLE = "MERIDIAN_LOGS_POLL_MS";

    @Parameters(paramLabel = "ID", description = "The run's or job's ID, as printed by meridian submit (job IDs start with job-).")
    String id;

    @Option(names = "--instance", paramLabel = "NAME", description = "The instance: a name of the current attempt (master-0, worker-1...) or an instance ID.")
    String instance;

    @Option(names = {"-f", "--follow"}, description = "Keep printing lines as they arrive until the run ends.")
    boolean follow;

    @Option(names = "--timestamps", description = "Start each line with the time it was written.")
    boolean timestamps;

    private long offset;
    private String instanceId;
    private Workloads workload;

    @Override
    public Integer call()
    {
        return run(() -> {
            workload = Workloads.of(id);
            ApiClient api = api();
            if (!follow) {
                drain(api, false);
                return ExitCode.OK;
            }
            try (CtrlC ctrlC = CtrlC.watch(Thread.currentThread())) {
                try {
                    return follow(api, ctrlC);
                }
                catch (CliException e) {
                    if (ctrlC.pressed()) {
                        return ExitCode.OK;
                    }
                    throw e;
                }
                finally {
                    // a Ctrl-C between the last poll and here must not leave the interrupt for whoever runs next
                    if (ctrlC.pressed()) {
                        Thread.interrupted();
                    }
                }
            }
        });
    }

    private int follow(ApiClient api, CtrlC ctrlC)
    {
        Duration interval = pollInterval();
        while (!ctrlC.pressed()) {
            boolean waiting = drain(api, true);
            if (context().out().checkError()) {
                // nobody reads any more (meridian logs RUN -f | head): stop quietly, as after Ctrl-C
                return ExitCode.OK;
            }
            String status = api.get(workload.path()).path("status").asString("");
            if (Workloads.TERMINAL.contains(status)) {
                // lines written between the last read and the end: read once more, then say how it ended
                if (!waiting) {
                    drain(api, true);
                }
                printer().note(workload.title() + " " + workload.id() + " ended " + status + ".");
                return ExitCode.OK;
            }
            try {
                Thread.sleep(interval);
            }
            catch (InterruptedException e) {
                if (ctrlC.pressed()) {
                    return ExitCode.OK;
                }
                Thread.currentThread().interrupt();
                throw CliException.failure("interrupted");
            }
        }
        return ExitCode.OK;
    }

    /**
     * Prints every line from the current offset to the end of the log; answers whether the workload has no instance yet
     * (queued), in which case there is no log to read. Without {@code tolerateNoInstance} that is the server's refusal.
     */
    private boolean drain(ApiClient api, boolean tolerateNoInstance)
    {
        PrintWriter out = context().out();
        while (true) {
            JsonNode page;
            try {
                page = api.get(workload.path() + "/logs", Query.empty().add("instance", instance).add("offset", offset).add("maxBytes", PAGE_BYTES));
            }
            catch (ApiProblem e) {
                if (tolerateNoInstance && Workloads.noInstancesYet(e)) {
                    return true;
                }
                throw e;
            }
            String servedBy = page.path("instance").asString("");
            if (instanceId != null && !servedBy.isEmpty() && !servedBy.equals(instanceId)) {
                // a fault-tolerant restart: the current attempt has new instances with logs of their own
                printer().note("--- " + servedBy + " (a new attempt) ---");
                instanceId = servedBy;
                offset = 0;
                continue;
            }
            instanceId = servedBy.isEmpty() ? instanceId : servedBy;
            JsonNode lines = page.path("lines");
            for (JsonNode line : lines) {
                String text = line.path("text").asString("");
                out.println(timestamps ? line.path("time").asString("") + " " + text : text);
            }
            out.flush();
            long next = Optional.ofNullable(page.get("nextOffset")).filter(JsonNode::isNumber).map(JsonNode::asLong).orElse(offset);
            if (lines.isEmpty() || next <= offset) {
                offset = Math.max(offset, next);
                return false;
            }
            offset = next;
        }
    }

    private Duration pollInterval()
    {
        return context().variable(POLL_INTERVAL_VARIABLE)
                .flatMap(value -> {
                    try {
                        return Optional.of(Duration.ofMillis(Math.max(10, Long.parseLong(value.trim()))));
                    }
                    catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                })
                .orElse(DEFAULT_POLL_INTERVAL);
    }
}
