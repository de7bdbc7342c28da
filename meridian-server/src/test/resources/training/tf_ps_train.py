"""Parameter-server training as TensorFlow's ParameterServerStrategy does it, without TensorFlow (the executor's
TensorFlowPsTest runs the real one from the preset environment tensorflow): standard library only, so any interpreter
runs it, driven by the TF_CONFIG the platform sets, talking TCP at the cluster spec's addresses.

- Every task prints its TF_CONFIG and serves at its own address of the cluster spec.
- ps i holds every (len(ps))-th variable of a linear model y = x.w + b (round-robin placement, as TensorFlow places
  variables on parameter servers), answers pulls and applies pushed gradients. It runs until it is stopped, as
  TensorFlow's servers do (`server.join()`).
- worker i, when the chief dispatches a step, pulls the variables from every ps, computes the gradient of the mean
  squared error on a batch of its own shard (every len(worker)-th example) of a synthetic regression set, pushes it
  to the parameter servers and answers its loss. Workers also run until stopped.
- the chief (the coordinator) initializes the variables on the parameter servers (from the newest checkpoint when
  there is one), dispatches each step to every worker, reports the mean loss through meridian_runtime.report, writes a
  checkpoint every --checkpoint-every steps to $MERIDIAN_CHECKPOINT_DIR (`ckpt-<step>.json` and a `checkpoint` index
  naming the newest, as TensorFlow's index does), and exits 0 when done: the job succeeds with the chief.
- the evaluator, not part of the cluster spec, evaluates every new checkpoint and reports its loss until stopped.

Messages are JSON lines. The protocol is this script's own; what it shares with TensorFlow is the contract with the
platform: TF_CONFIG's cluster and task, every address reachable from every task, the chief's exit as the job's end.
"""

import argparse
import json
import os
import random
import signal
import socket
import socketserver
import sys
import tempfile
import threading
import time

import meridian_runtime

FEATURES = 8
EXAMPLES = 512
BATCH = 32
CONNECT_TIMEOUT_SECONDS = 60


def address(cluster, task_type, index):
    host, port = cluster[task_type][index].rsplit(":", 1)
    return host, int(port)


def variable_names():
    return ["w%d" % i for i in range(FEATURES)] + ["b"]


def placement(ps_count):
    """Variable name -> the ps index that holds it."""
    return {name: position % ps_count for position, name in enumerate(variable_names())}


class Connection:
    """A JSON-lines client to one task, connecting with retries: the other tasks start in any order."""

    def __init__(self, host, port):
        deadline = time.monotonic() + CONNECT_TIMEOUT_SECONDS
        while True:
            try:
                self.socket = socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_SECONDS)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self.reader = self.socket.makefile("r", encoding="utf-8")
        self.lock = threading.Lock()

    def call(self, message):
        with self.lock:
            self.socket.sendall((json.dumps(message) + "\n").encode("utf-8"))
            line = self.reader.readline()
        if not line:
            raise ConnectionError("the task closed the connection")
        answer = json.loads(line)
        if "error" in answer:
            raise RuntimeError(answer["error"])
        return answer


def serve(host, port, handle, label):
    """Serves JSON-lines requests with handle(message) -> answer until the platform stops the process."""

    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            for line in self.rfile:
                try:
                    answer = handle(json.loads(line))
                except Exception as e:  # the caller sees the failure
                    answer = {"error": "%s: %s" % (type(e).__name__, e)}
                self.wfile.write((json.dumps(answer) + "\n").encode("utf-8"))
                self.wfile.flush()

    class Server(socketserver.ThreadingTCPServer):
        allow_reuse_address = True
        daemon_threads = True

    server = Server((host, port), Handler)
    print("%s serving at %s:%d" % (label, host, port), flush=True)
    return server


def run_ps(cluster, index):
    names = [name for name, ps in placement(len(cluster["ps"])).items() if ps == index]
    values = {}
    updates = [0]
    lock = threading.Lock()

    def handle(message):
        with lock:
            if message["op"] == "assign":
                values.update({name: float(message["values"][name]) for name in names})
                return {"ok": True}
            if message["op"] == "pull":
                return {"values": dict(values)}
            if message["op"] == "push":
                for name in names:
                    values[name] -= message["lr"] * message["grads"][name]
                updates[0] += 1
                return {"ok": True}
        raise ValueError("unknown op %s" % message["op"])

    def stopped(signum, frame):
        print("ps %d holds %s, stopped after %d updates" % (index, ",".join(names), updates[0]), flush=True)
        os._exit(0)

    signal.signal(signal.SIGTERM, stopped)
    serve(*address(cluster, "ps", index), handle, "ps %d" % index).serve_forever()


def dataset(seed=7):
    generator = random.Random(seed)
    weights = [generator.uniform(-1, 1) for _ in range(FEATURES)]
    examples = []
    for _ in range(EXAMPLES):
        x = [generator.gauss(0, 1) for _ in range(FEATURES)]
        examples.append((x, sum(w * v for w, v in zip(weights, x)) + 0.5))
    return examples


def run_worker(cluster, index):
    shard = dataset()[index::len(cluster["worker"])]
    ps_count = len(cluster["ps"])
    parameter_servers = []
    steps = [0]

    def handle(message):
        if message["op"] != "step":
            raise ValueError("unknown op %s" % message["op"])
        if not parameter_servers:
            parameter_servers.extend(Connection(*address(cluster, "ps", i)) for i in range(ps_count))
        values = {}
        for ps in parameter_servers:
            values.update(ps.call({"op": "pull"})["values"])
        batch = random.Random(1_000_003 * message["step"] + index).sample(shard, BATCH)
        grads = {name: 0.0 for name in variable_names()}
        loss = 0.0
        for x, y in batch:
            error = sum(values["w%d" % i] * x[i] for i in range(FEATURES)) + values["b"] - y
            loss += error * error / BATCH
            for i in range(FEATURES):
                grads["w%d" % i] += 2 * error * x[i] / BATCH
            grads["b"] += 2 * error / BATCH
        for ps in parameter_servers:
            ps.call({"op": "push", "grads": grads, "lr": message["lr"]})
        steps[0] += 1
        return {"loss": loss}

    def stopped(signum, frame):
        print("worker %d stopped after %d steps" % (index, steps[0]), flush=True)
        os._exit(0)

    signal.signal(signal.SIGTERM, stopped)
    serve(*address(cluster, "worker", index), handle, "worker %d" % index).serve_forever()


def latest_checkpoint(directory):
    try:
        with open(os.path.join(directory, "checkpoint")) as file:
            name = file.read().strip()
        with open(os.path.join(directory, name)) as file:
            return json.load(file)
    except (OSError, ValueError):
        return None


def write_atomically(directory, name, text):
    fd, temporary = tempfile.mkstemp(prefix=".tmp-", dir=directory)
    with os.fdopen(fd, "w") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, os.path.join(directory, name))


def run_chief(cluster, args):
    # the chief serves at its address too, as every TensorFlow task does; nothing needs it in this protocol
    server = serve(*address(cluster, "chief", 0), lambda message: {"ok": True}, "chief")
    threading.Thread(target=server.serve_forever, daemon=True).start()

    directory = meridian_runtime.checkpoint_dir()
    os.makedirs(directory, exist_ok=True)
    names = placement(len(cluster["ps"]))
    parameter_servers = [Connection(*address(cluster, "ps", i)) for i in range(len(cluster["ps"]))]
    workers = [Connection(*address(cluster, "worker", i)) for i in range(len(cluster["worker"]))]

    checkpoint = latest_checkpoint(directory)
    start = 0
    values = {name: 0.0 for name in variable_names()}
    if checkpoint is not None:
        start, values = checkpoint["step"], checkpoint["values"]
        print("resumed from checkpoint at step %d" % start, flush=True)
    for ps in parameter_servers:
        ps.call({"op": "assign", "values": values})
    print("chief: %d workers, %d parameter servers, variables %s" % (len(workers), len(parameter_servers), names), flush=True)

    def checkpoint_at(step):
        pulled = {}
        for ps in parameter_servers:
            pulled.update(ps.call({"op": "pull"})["values"])
        name = "ckpt-%d.json" % step
        write_atomically(directory, name, json.dumps({"step": step, "values": pulled}))
        write_atomically(directory, "checkpoint", name + "\n")

    step = start
    for step in range(start + 1, args.steps + 1):
        losses = [None] * len(workers)

        def dispatch(i):
            losses[i] = workers[i].call({"op": "step", "step": step, "lr": args.lr})["loss"]

        threads = [threading.Thread(target=dispatch, args=(i,)) for i in range(len(workers))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if any(loss is None for loss in losses):
            raise SystemExit("a worker failed at step %d" % step)
        meridian_runtime.report(step, loss=sum(losses) / len(losses))
        meridian_runtime.heartbeat(step)
        if step % args.checkpoint_every == 0:
            checkpoint_at(step)
    checkpoint_at(step)
    print("final step %d" % step, flush=True)


def run_evaluator():
    """TensorFlow's evaluator: outside the training cluster, it evaluates every new checkpoint the chief writes on the
    whole data set (a held-out set in real life) and reports it, until it is stopped."""
    directory = meridian_runtime.checkpoint_dir()
    examples = dataset()
    evaluated = []

    def stopped(signum, frame):
        print("evaluator stopped after evaluating %s" % ",".join("ckpt-%d" % step for step in evaluated), flush=True)
        os._exit(0)

    signal.signal(signal.SIGTERM, stopped)
    while True:
        checkpoint = latest_checkpoint(directory)
        if checkpoint is not None and (not evaluated or checkpoint["step"] > evaluated[-1]):
            values = checkpoint["values"]
            loss = sum((sum(values["w%d" % i] * x[i] for i in range(FEATURES)) + values["b"] - y) ** 2 for x, y in examples) / len(examples)
            evaluated.append(checkpoint["step"])
            meridian_runtime.report(checkpoint["step"], loss=loss)
            print("evaluator: ckpt-%d loss %.6f" % (checkpoint["step"], loss), flush=True)
        time.sleep(0.1)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--checkpoint-every", type=int, default=10)
    parser.add_argument("--lr", type=float, default=0.05)
    args = parser.parse_args()

    tf_config = os.environ["TF_CONFIG"]
    print("TF_CONFIG %s" % tf_config, flush=True)
    config = json.loads(tf_config)
    cluster, task = config["cluster"], config["task"]
    if task["type"] == "ps":
        run_ps(cluster, task["index"])
    elif task["type"] == "worker":
        run_worker(cluster, task["index"])
    elif task["type"] == "chief":
        run_chief(cluster, args)
    elif task["type"] == "evaluator":
        run_evaluator()
    else:
        raise SystemExit("this script has no %s task" % task["type"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
