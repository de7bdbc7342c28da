"""Trains a linear regression with TensorFlow's ParameterServerStrategy, driven by the TF_CONFIG the platform sets.

Run the same command on every instance; the task in TF_CONFIG decides what it does:

- ps and worker: a TensorFlow server at its address of the cluster spec (`tf.distribute.Server(...).join()`); they
  run until stopped, as in TensorFlow. The parameter servers hold the variables, the workers run the steps.
- chief: the coordinator. It creates the variables under the strategy (placed on the parameter servers), schedules
  each step on a worker through `ClusterCoordinator`, reports the loss through meridian_runtime, checkpoints every
  --checkpoint-every steps into $MERIDIAN_CHECKPOINT_DIR (TensorFlow's CheckpointManager) and resumes from the newest
  checkpoint when there is one. It exits 0 when done: the job succeeds with the chief.
- evaluator: not part of the cluster spec. It evaluates every new checkpoint on held-out data, reports the loss as
  `eval_loss`, and exits once it has evaluated the final step's checkpoint.
"""

import argparse
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import tensorflow as tf  # noqa: E402

import meridian_runtime  # noqa: E402

FEATURES = 8
BATCH = 32


def synthetic(seed, examples):
    """A regression set y = x.w + 0.5 + noise, the same true w for every split."""
    weights = tf.random.stateless_normal([FEATURES, 1], seed=[42, 0])
    x = tf.random.stateless_normal([examples, FEATURES], seed=[seed, 1])
    y = tf.matmul(x, weights) + 0.5 + 0.01 * tf.random.stateless_normal([examples, 1], seed=[seed, 2])
    return x, y


def serve(resolver, task_type, task_index):
    print("%s %d serving at %s" % (task_type, task_index, resolver.cluster_spec().task_address(task_type, task_index)), flush=True)
    server = tf.distribute.Server(resolver.cluster_spec(), job_name=task_type, task_index=task_index, protocol="grpc", start=True)
    server.join()


def train(resolver, args, checkpoint_dir):
    strategy = tf.distribute.experimental.ParameterServerStrategy(resolver)
    coordinator = tf.distribute.coordinator.ClusterCoordinator(strategy)
    with strategy.scope():
        weights = tf.Variable(tf.zeros([FEATURES, 1]), name="weights")
        bias = tf.Variable(0.0, name="bias")
        global_step = tf.Variable(0, dtype=tf.int64, name="global_step")
    print("chief: %d workers, %d parameter servers; variables on %s and %s"
          % (len(resolver.cluster_spec().as_dict().get("worker", [])), len(resolver.cluster_spec().as_dict().get("ps", [])),
             weights.device, bias.device), flush=True)

    checkpoint = tf.train.Checkpoint(weights=weights, bias=bias, global_step=global_step)
    manager = tf.train.CheckpointManager(checkpoint, checkpoint_dir, max_to_keep=3, checkpoint_name="ckpt")
    if manager.latest_checkpoint:
        checkpoint.restore(manager.latest_checkpoint)
        print("resumed from checkpoint at step %d" % int(global_step.numpy()), flush=True)

    def dataset_fn():
        x, y = synthetic(7, 4096)
        return tf.data.Dataset.from_tensor_slices((x, y)).shuffle(4096, seed=3).repeat().batch(BATCH)

    iterator = iter(coordinator.create_per_worker_dataset(dataset_fn))

    @tf.function
    def step_fn(iterator):
        x, y = next(iterator)
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.matmul(x, weights) + bias - y))
        gradient_weights, gradient_bias = tape.gradient(loss, [weights, bias])
        weights.assign_sub(args.lr * gradient_weights)
        bias.assign_sub(args.lr * gradient_bias)
        global_step.assign_add(1)
        return loss

    step = int(global_step.numpy())
    while step < args.steps:
        loss = coordinator.schedule(step_fn, args=(iterator,))
        coordinator.join()
        step = int(global_step.numpy())
        meridian_runtime.report(step, loss=float(loss.fetch()))
        meridian_runtime.heartbeat(step)
        if step % args.checkpoint_every == 0 or step == args.steps:
            manager.save(checkpoint_number=step)
    print("final step %d loss %.6f" % (step, float(loss.fetch())), flush=True)


def evaluate(args, checkpoint_dir):
    weights = tf.Variable(tf.zeros([FEATURES, 1]))
    bias = tf.Variable(0.0)
    global_step = tf.Variable(0, dtype=tf.int64)
    checkpoint = tf.train.Checkpoint(weights=weights, bias=bias, global_step=global_step)
    x, y = synthetic(11, 1024)
    evaluated = None
    deadline = time.monotonic() + args.evaluator_timeout
    while time.monotonic() < deadline:
        latest = tf.train.latest_checkpoint(checkpoint_dir)
        if latest is not None and latest != evaluated:
            checkpoint.restore(latest).expect_partial()
            evaluated = latest
            step = int(global_step.numpy())
            loss = float(tf.reduce_mean(tf.square(tf.matmul(x, weights) + bias - y)))
            meridian_runtime.report(step, eval_loss=loss)
            print("evaluated checkpoint of step %d: eval_loss %.6f" % (step, loss), flush=True)
            if step >= args.steps:
                return 0
        time.sleep(0.5)
    print("no checkpoint of step %d within %d s" % (args.steps, args.evaluator_timeout), flush=True)
    return 1


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--checkpoint-every", type=int, default=10)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--evaluator-timeout", type=int, default=600, help="seconds the evaluator waits for the final checkpoint")
    args = parser.parse_args()

    tf_config = json.loads(os.environ["TF_CONFIG"])
    task_type, task_index = tf_config["task"]["type"], int(tf_config["task"].get("index", 0))
    print("TF_CONFIG task %s %d, TensorFlow %s" % (task_type, task_index, tf.__version__), flush=True)
    checkpoint_dir = os.environ["MERIDIAN_CHECKPOINT_DIR"]
    if task_type == "evaluator":
        return evaluate(args, checkpoint_dir)
    resolver = tf.distribute.cluster_resolver.TFConfigClusterResolver()
    if task_type in ("ps", "worker"):
        serve(resolver, task_type, task_index)
        return 0
    if task_type == "chief":
        train(resolver, args, checkpoint_dir)
        return 0
    raise SystemExit("unknown task type %r in TF_CONFIG" % task_type)


if __name__ == "__main__":
    sys.exit(main())
