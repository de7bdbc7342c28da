package io.meridian.cli.commands;

import io.meridian.cli.CliException;
import io.meridian.cli.http.ApiClient;
import io.meridian.cli.http.ApiProblem;

import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What {@code logs} and {@code stop} act on: a training run or a plain job, told apart by the ID's prefix, which the
 * server gives every job ({@code job-...}); anything else is a training run, as before jobs existed. Both answer the
 * same status values and serve logs the same way, so only the path and the word for the person differ.
 */
public record Workloads(String id, String path, String noun)
{
    public static final String JOBS = "/jobs";
    public static final String RUNS = "/training-runs";
    public static final String JOB_PREFIX = "job-";

    /** The statuses in which a run or job is over; anything else may still change. */
    public static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "STOPPED", "ABNORMAL");

    public Workloads
    {
        requireNonNull(id, "id is null");
        requireNonNull(path, "path is null");
        requireNonNull(noun, "noun is null");
    }

    /** The workload an ID the user typed names; a blank one is a usage error. */
    public static Workloads of(String typed)
    {
        if (typed == null || typed.isBlank()) {
            throw CliException.usage("the ID is empty");
        }
        String id = typed.trim();
        if (id.startsWith(JOB_PREFIX)) {
            return new Workloads(id, JOBS + "/" + ApiClient.segment(id), "job");
        }
        return new Workloads(id, RUNS + "/" + ApiClient.segment(id), "run");
    }

    /** {@code Run} or {@code Job}, to start a sentence. */
    public String title()
    {
        return Character.toUpperCase(noun.charAt(0)) + noun.substring(1);
    }

    /**
     * The server's refusal to serve a log before the workload has instances (it is queued). Training says
     * {@code training.run.no-instances}; any feature's code ending so means the same.
     */
    public static boolean noInstancesYet(ApiProblem problem)
    {
        String code = problem.code();
        return code != null && code.endsWith(".no-instances");
    }
}
