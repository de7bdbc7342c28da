package io.meridian.executor.local;

import io.meridian.executor.AssetKind;
import io.meridian.executor.Command;
import io.meridian.executor.InstanceSpec;
import io.meridian.executor.MetricsStore;
import io.meridian.executor.Mount;
import io.meridian.executor.PythonEnvironment;
import io.meridian.executor.Storage;
import io.meridian.executor.WorkloadLaunch;
import io.meridian.executor.distributed.DistributedEnv;
import io.meridian.executor.distributed.Framework;
import io.meridian.executor.distributed.InstanceEnv;
import io.meridian.executor.distributed.Member;
import io.meridian.executor.distributed.Topology;
import io.meridian.executor.testing.Workdirs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * What the framework tests share: the launch the server would build for a topology (rendezvous environment from
 * {@link DistributedEnv}, the examples of meridian-runtime-py as a mounted code asset, one preset environment), and
 * reading back the metrics and processes of its instances.
 */
final class FrameworkJobs
{
    static final Path EXAMPLES = Path.of("..", "meridian-runtime-py", "examples").toAbsolutePath().normalize();
    static final String CODE = "$MERIDIAN_WORK_MOUNT/code/examples";

    private FrameworkJobs() {}

    record Metric(int step, double value) {}

    static WorkloadLaunch launch(LocalExecutor executor, Path work, String workload, Framework framework, List<Member> members, PythonEnvironment environment, String script)
    {
        Map<String, InstanceEnv> envs = DistributedEnv.build(new Topology(framework, members, 1), executor.endpoints());
        Storage storage = Workdirs.under(work, Mount.readOnly(AssetKind.CODE, "examples", EXAMPLES));
        return new WorkloadLaunch(workload, members.stream()
                .map(member -> InstanceSpec.of(member.instanceId(), member.role().name().toLowerCase(Locale.ROOT), member.node(), Command.shell(script), storage)
                        .withEnv(envs.get(member.instanceId()).env())
                        .withFiles(envs.get(member.instanceId()).files())
                        .withEnvironment(environment))
                .toList());
    }

    /** The values of one metric an instance reported through meridian_runtime, in order. */
    static List<Metric> metrics(MetricsStore store, String instanceId, String name)
    {
        Pattern pattern = Pattern.compile("\"step\":(\\d+),.*\"" + Pattern.quote(name) + "\":([-+0-9.eE]+|NaN|Infinity)");
        List<Metric> metrics = new ArrayList<>();
        long offset = 0;
        for (MetricsStore.Chunk chunk = store.read(instanceId, 0, 1 << 16); !chunk.lines().isEmpty(); chunk = store.read(instanceId, offset, 1 << 16)) {
            for (String line : chunk.lines()) {
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    metrics.add(new Metric(Integer.parseInt(matcher.group(1)), Double.parseDouble(matcher.group(2))));
                }
            }
            offset = chunk.nextOffset();
        }
        return metrics;
    }

    /**
     * A process of an instance, found by its environment ({@code MERIDIAN_INSTANCE_ID}) and its arguments: the
     * python that runs {@code script} itself, not a launcher (torchrun, deepspeed) that was given the script.
     */
    static Optional<Long> trainingProcess(String instanceId, String script)
    {
        String wanted = "MERIDIAN_INSTANCE_ID=" + instanceId + "\0";
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes
                    .filter(path -> path.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(path -> {
                        try {
                            List<String> argv = List.of(new String(Files.readAllBytes(path.resolve("cmdline")), UTF_8).split("\0"));
                            return argv.size() > 2
                                    && argv.getFirst().endsWith("/python")
                                    && argv.stream().skip(1).limit(2).anyMatch(argument -> argument.endsWith(script))
                                    && new String(Files.readAllBytes(path.resolve("environ")), UTF_8).contains(wanted);
                        }
                        catch (IOException e) {
                            return false;
                        }
                    })
                    .map(path -> Long.parseLong(path.getFileName().toString()))
                    .findFirst();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
