package io.meridian.executor.local;

import io.meridian.executor.InstanceState;
import io.meridian.executor.PythonEnvironment;
import io.meridian.executor.distributed.Framework;
import io.meridian.executor.distributed.Member;
import io.meridian.executor.distributed.ReplicaRole;
import io.meridian.executor.local.FrameworkJobs.Metric;
import io.meridian.executor.testing.Environments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.meridian.executor.local.FrameworkJobs.CODE;
import static io.meridian.executor.local.FrameworkJobs.metrics;
import static io.meridian.executor.local.Instances.awaitTerminal;
import static io.meridian.executor.local.Instances.logText;
import static io.meridian.executor.local.Instances.observed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * TensorFlow's ParameterServerStrategy from the preset environment {@code tensorflow}, every task configured by the
 * TF_CONFIG that {@code DistributedEnv} builds: a chief coordinating, a worker running the steps, two parameter servers
 * holding the variables, and an evaluator outside the cluster reading the chief's checkpoints.
 */
final class TensorFlowPsTest
{
    private static final Duration TIMEOUT = Duration.ofSeconds(150);

    @TempDir
    Path temp;

    @Test
    void parameterServerJobTrainsThroughTfConfig()
            throws Exception
    {
        PythonEnvironment tensorflow = Environments.preset("tensorflow");
        LocalExecutor executor = new LocalExecutor(TestConfigs.local(temp.resolve("runtime")).withStopGracePeriod(Duration.ofSeconds(5)));
        List<Member> members = List.of(
                new Member("tf-chief", ReplicaRole.CHIEF, "node-a"),
                new Member("tf-worker", ReplicaRole.WORKER, "node-b"),
                new Member("tf-ps-0", ReplicaRole.PS, "node-a"),
                new Member("tf-ps-1", ReplicaRole.PS, "node-b"),
                new Member("tf-evaluator", ReplicaRole.EVALUATOR, "node-a"));
        executor.launch(FrameworkJobs.launch(executor, temp.resolve("work"), "tf", Framework.TENSORFLOW_PS, members, tensorflow,
                "exec python " + CODE + "/tf_ps_train.py --steps 30 --checkpoint-every 10 --evaluator-timeout 140"));

        // the job ends with its chief; the evaluator stops once it has seen the final checkpoint
        for (String instance : List.of("tf-chief", "tf-evaluator")) {
            assertThat(awaitTerminal(executor, instance, TIMEOUT)).as(String.join("\n", logText(executor, instance))).isEqualTo(new InstanceState.Succeeded());
        }
        assertThat(logText(executor, "tf-chief"))
                .contains("TF_CONFIG task chief 0, TensorFlow " + tensorflow.name().substring("tensorflow-".length()))
                .contains("chief: 1 workers, 2 parameter servers; variables on /job:ps/replica:0/task:0/device:CPU:0 and /job:ps/replica:0/task:1/device:CPU:0")
                .anyMatch(line -> line.startsWith("final step 30 "));
        List<Metric> loss = metrics(executor.metrics(), "tf-chief", "loss");
        assertThat(loss).extracting(Metric::step).contains(1, 30);
        assertThat(loss.getLast().value()).isLessThan(loss.getFirst().value() / 10);
        List<Metric> evaluated = metrics(executor.metrics(), "tf-evaluator", "eval_loss");
        assertThat(evaluated.getLast().step()).isEqualTo(30);
        assertThat(evaluated.getLast().value()).isLessThan(loss.getFirst().value() / 10);

        // servers run until stopped, as TensorFlow's do
        for (String server : List.of("tf-worker", "tf-ps-0", "tf-ps-1")) {
            assertThat(observed(executor, server).state()).isEqualTo(new InstanceState.Running());
            assertThat(logText(executor, server)).anyMatch(line -> line.matches("(worker|ps) \\d serving at 127\\.0\\.0\\.1:\\d+"));
        }
        executor.stopWorkload("tf").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(awaitTerminal(executor, "tf-ps-0", TIMEOUT).isTerminal()).isTrue();
    }
}
