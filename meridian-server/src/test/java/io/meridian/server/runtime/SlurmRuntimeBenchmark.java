package io.meridian.server.runtime;

import io.meridian.executor.slurm.SlurmLocal;
import io.meridian.server.testing.ApiClient;
import io.meridian.server.testing.Installation;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.meridian.server.testing.ApiClient.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Meridian's overhead on a real Slurm ({@code bin/slurm-local up}: two node daemons on this host), in one run: the same
 * {@code meridian.benchmark.jobs} (200) one-instance jobs, each {@value #COMMAND}, first submitted through Meridian
 * ({@code POST /api/v1/jobs} on the slurm cluster's default queue, its smallest CPU flavor), then with plain
 * {@code sbatch --wrap} asking for the same CPUs and memory. Per job: submit → the process starts (its first stamp) →
 * RUNNING is seen (for Meridian, its instance's {@code startedAt}; for plain Slurm, {@code squeue} polled every 250 ms shows R) → the
 * process ends (its second stamp) → the end is seen (Meridian's {@code finishedAt}; for plain Slurm, the job leaves
 * {@code squeue}). Not part of the test suite; run it with {@code bin/bench-runtime slurm}.
 */
@EnabledIfSystemProperty(named = "meridian.benchmark", matches = "true")
@ExtendWith(SlurmLocal.class)
class SlurmRuntimeBenchmark
{
    private static final String COMMAND = "date +%s%N; sleep 1; date +%s%N";
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "STOPPED", "ABNORMAL");
    private static final Duration POLL = Duration.ofMillis(250);

    /** One job's moments, on this host's clock. */
    private record Timing(String id, Instant submitted, Instant started, Instant seenRunning, Instant ended, Instant seenEnded) {}

    @Test
    void meridianAgainstPlainSbatch(SlurmLocal.Cluster slurm)
            throws IOException, InterruptedException
    {
        int jobs = Integer.getInteger("meridian.benchmark.jobs", 200);
        Installation installation = Installation.fresh("slurm-bench")
                .with("meridian.slurm.url", slurm.exports().get("MERIDIAN_SLURM_URL"))
                .with("meridian.slurm.user", slurm.exports().get("MERIDIAN_SLURM_USER"))
                .with("meridian.slurm.token", slurm.exports().get("MERIDIAN_SLURM_TOKEN"));
        List<Timing> meridian;
        int cpus;
        int memoryMiB;
        String flavorName;
        String loadMeridian;
        try (ConfigurableApplicationContext server = installation.start()) {
            ApiClient admin = Installation.loginAdmin(server);
            SlurmRuntimeApiTest.Target target = SlurmRuntimeApiTest.target(admin);
            String clusterId = admin.get("/api/v1/workspaces/" + target.workspaceId() + "/resources").json().valueStream()
                    .filter(pool -> pool.path("id").asString().equals(target.queueId())).findFirst().orElseThrow().path("clusterId").asString();
            JsonNode flavor = admin.get("/api/v1/flavors?clusterId=" + clusterId).json().path("items").valueStream()
                    .filter(candidate -> candidate.path("name").asString().equals(target.flavor())).findFirst().orElseThrow();
            flavorName = target.flavor();
            cpus = flavor.path("cpuCores").asInt();
            memoryMiB = flavor.path("memoryGiB").asInt() * 1024;
            loadMeridian = loadAverage();
            meridian = throughMeridian(admin, target, jobs);
            loadMeridian += " → " + loadAverage();
        }
        String loadPlain = loadAverage();
        List<Timing> plain = throughSbatch(slurm, jobs, cpus, memoryMiB);
        loadPlain += " → " + loadAverage();

        String nodes = slurm.slurm("sinfo", "-h", "-N", "-o", "%N %c CPUs %m MiB").strip().replace("\n", "; ");
        System.out.printf("""

                        Slurm: %s; %d one-instance jobs, each `%s`, flavor %s (%d CPUs, %d MiB)
                          Meridian: load average %s
                          plain sbatch: load average %s
                                                          %-34s %-34s ratio (median)
                        %s
                        %s
                        %s
                        %s
                          first submit → last end seen:   Meridian %.1f s, plain sbatch %.1f s: ratio %.2f
                        %n""",
                nodes, jobs, COMMAND, flavorName, cpus, memoryMiB, loadMeridian, loadPlain, "Meridian (median / p90 / max s)", "plain sbatch (median / p90 / max s)",
                row("submit → process starts", meridian, plain, timing -> millis(timing.submitted(), timing.started())),
                row("submit → seen running", meridian, plain, timing -> millis(timing.submitted(), timing.seenRunning())),
                row("process ends → end seen", meridian, plain, timing -> millis(timing.ended(), timing.seenEnded())),
                row("submit → end seen", meridian, plain, timing -> millis(timing.submitted(), timing.seenEnded())),
                makespan(meridian) / 1e3, makespan(plain) / 1e3, (double) makespan(meridian) / makespan(plain));
        Path csv = Path.of("target", "slurm-runtime-benchmark.csv");
        Files.writeString(csv, Stream.concat(Stream.of("who,id,submitted,started,seen_running,ended,seen_ended"),
                        Stream.concat(meridian.stream().map(timing -> csv("meridian", timing)), plain.stream().map(timing -> csv("sbatch", timing))))
                .collect(Collectors.joining("\n", "", "\n")));
        System.out.println("  every job's moments: " + csv.toAbsolutePath());
    }

    private static List<Timing> throughMeridian(ApiClient admin, SlurmRuntimeApiTest.Target target, int jobs)
    {
        Map<String, Instant> submitted = new LinkedHashMap<>();
        for (int i = 0; i < jobs; i++) {
            Instant at = Instant.now();
            ApiClient.Response created = admin.post("/api/v1/jobs", body("workspaceId", target.workspaceId(), "name", "bench_" + i, "poolId", target.queueId(),
                    "flavorName", target.flavor(), "nodes", 1, "command", COMMAND));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            submitted.put(created.text("id"), at);
        }
        // one list call every 2 s: the times come from the records (startedAt, finishedAt), not from this polling
        Awaitility.await("every job ended").atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(2))
                .until(() -> ended(admin, submitted.keySet()) == jobs);
        List<Timing> timings = new ArrayList<>();
        List<String> skippedRunning = new ArrayList<>();
        submitted.forEach((id, at) -> {
            JsonNode job = admin.get("/api/v1/jobs/" + id).json();
            assertThat(job.path("status").asString()).as("job %s: %s", id, job).isEqualTo("SUCCEEDED");
            List<Instant> stamps = stamps(admin.get("/api/v1/jobs/" + id + "/logs?instance=worker-0").json().path("lines").valueStream()
                    .map(line -> line.path("text").asString()));
            // when the supervisor first saw the instance started: a job that starts and ends between two passes goes from
            // PREPARING to SUCCEEDED without the run ever showing RUNNING (its own startedAt stays empty)
            JsonNode instance = job.path("instances").get(0);
            if (!job.hasNonNull("startedAt")) {
                skippedRunning.add(id);
            }
            timings.add(new Timing(id, at, stamps.get(0), Instant.parse(instance.path("startedAt").asString()), stamps.get(1),
                    Instant.parse(job.path("finishedAt").asString())));
        });
        System.out.printf("%nMeridian: %d of %d jobs ended without the run ever showing RUNNING (started and ended between two passes)%n", skippedRunning.size(),
                jobs);
        return timings;
    }

    private static List<Timing> throughSbatch(SlurmLocal.Cluster slurm, int jobs, int cpus, int memoryMiB)
            throws IOException, InterruptedException
    {
        Path output = Files.createTempDirectory("plain-sbatch-");
        Map<String, Instant> submitted = new ConcurrentHashMap<>();
        Map<String, Instant> seenRunning = new ConcurrentHashMap<>();
        Map<String, Instant> seenEnded = new ConcurrentHashMap<>();
        // what a plain Slurm user sees: squeue, polled
        Thread watcher = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                // only jobs submitted before this squeue call: a later one is missing from its answer without having ended
                Set<String> known = Set.copyOf(submitted.keySet());
                Instant at = Instant.now();
                Map<String, String> states = Arrays.stream(slurm.slurm("squeue", "-h", "-o", "%i %t").split("\n"))
                        .map(String::strip).filter(line -> !line.isEmpty()).map(line -> line.split(" "))
                        .collect(Collectors.toMap(parts -> parts[0], parts -> parts[1]));
                for (String id : known) {
                    String state = states.get(id);
                    if ("R".equals(state) || "CG".equals(state)) {
                        seenRunning.putIfAbsent(id, at);
                    }
                    else if (state == null) {
                        seenEnded.putIfAbsent(id, at);
                    }
                }
                try {
                    Thread.sleep(POLL);
                }
                catch (InterruptedException e) {
                    return;
                }
            }
        });
        List<String> order = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            Instant at = Instant.now();
            String id = slurm.slurm("sbatch", "--parsable", "--job-name=plain-" + i, "--nodes=1", "--ntasks=1", "--cpus-per-task=" + cpus, "--mem=" + memoryMiB,
                    "--output=" + output.resolve("%j.out"), "--wrap", COMMAND).strip();
            submitted.put(id, at);
            order.add(id);
        }
        Awaitility.await("every sbatch job left squeue").atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> seenEnded.keySet().containsAll(order));
        watcher.interrupt();
        watcher.join();
        List<Timing> timings = new ArrayList<>();
        for (String id : order) {
            List<Instant> stamps = stamps(Files.readAllLines(output.resolve(id + ".out")).stream());
            // a job that started and ended between two polls was never seen running: it is seen when seen ended
            timings.add(new Timing(id, submitted.get(id), stamps.get(0), seenRunning.getOrDefault(id, seenEnded.get(id)), stamps.get(1), seenEnded.get(id)));
        }
        return timings;
    }

    /** How many of the jobs have ended, read from the job list a page at a time. */
    private static long ended(ApiClient admin, Set<String> ids)
    {
        long ended = 0;
        for (int page = 1; ; page++) {
            List<JsonNode> items = admin.get("/api/v1/jobs?size=200&page=" + page).json().path("items").valueStream().toList();
            ended += items.stream().filter(job -> ids.contains(job.path("id").asString()) && TERMINAL.contains(job.path("status").asString())).count();
            if (items.size() < 200) {
                return ended;
            }
        }
    }

    /** The job's two {@code date +%s%N} stamps. */
    private static List<Instant> stamps(Stream<String> lines)
    {
        List<Instant> stamps = lines.map(String::strip).filter(line -> line.matches("\\d{19}"))
                .map(line -> Instant.ofEpochSecond(0, Long.parseLong(line))).toList();
        assertThat(stamps).as("the job's start and end stamps").hasSize(2);
        return stamps;
    }

    /** One measure of both runs: median, 90th percentile and maximum, and the ratio of the medians. */
    private static String row(String label, List<Timing> meridian, List<Timing> plain, ToLongFunction<Timing> measure)
    {
        long[] first = sorted(meridian, measure);
        long[] second = sorted(plain, measure);
        double ratio = second[second.length / 2] == 0 ? Double.NaN : (double) first[first.length / 2] / second[second.length / 2];
        return "  %-32s %-34s %-34s %.2f".formatted(label + ":", summary(first), summary(second), ratio);
    }

    private static long[] sorted(List<Timing> timings, ToLongFunction<Timing> measure)
    {
        return timings.stream().mapToLong(measure).sorted().toArray();
    }

    private static String summary(long[] millis)
    {
        return "%.2f / %.2f / %.2f".formatted(millis[millis.length / 2] / 1e3, millis[(int) Math.ceil(millis.length * 0.9) - 1] / 1e3, millis[millis.length - 1] / 1e3);
    }

    private static long makespan(List<Timing> timings)
    {
        Instant first = timings.stream().map(Timing::submitted).min(Instant::compareTo).orElseThrow();
        Instant last = timings.stream().map(Timing::seenEnded).max(Instant::compareTo).orElseThrow();
        return millis(first, last);
    }

    private static long millis(Instant from, Instant to)
    {
        return Duration.between(from, to).toMillis();
    }

    private static String csv(String who, Timing timing)
    {
        return String.join(",", who, timing.id(), timing.submitted().toString(), timing.started().toString(), timing.seenRunning().toString(), timing.ended().toString(),
                timing.seenEnded().toString());
    }

    private static String loadAverage()
    {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
