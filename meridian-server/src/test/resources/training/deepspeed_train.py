"""A DeepSpeed-mode instance without DeepSpeed's launcher (the executor's DeepSpeedTest runs the real one from the
preset environment pytorch, which this script runs in for its torch): the script does itself what
`deepspeed --hostfile "$MERIDIAN_CONFIG_DIR/hostfile" --no_ssh --node_rank "$NODE_RANK" --master_addr "$MASTER_ADDR"
--master_port "$MASTER_PORT" train.py` and `deepspeed.init_distributed()` do on a platform, from the same inputs:

1. the launcher parses the hostfile the platform wrote (`<host> slots=<n>` lines, `#` comments, no duplicate host), takes
   its node's entry by NODE_RANK and starts one process per slot with RANK = slots of the hosts before it + LOCAL_RANK,
   WORLD_SIZE = all slots, and the platform's MASTER_ADDR / MASTER_PORT (what deepspeed.launcher.launch does);
2. each process initializes torch.distributed (gloo, env://) from RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT and
   LOCAL_RANK (what deepspeed.init_distributed() does when they are set), trains a tiny linear regression averaging
   gradients with all-reduce (DeepSpeed's data parallelism without ZeRO), local rank 0 reports the mean loss through
   meridian_runtime.report and global rank 0 writes checkpoints.

The launcher checks the hostfile against the platform's own variables (one line per node, slots = PET_NPROC_PER_NODE,
its own instance at line NODE_RANK, all slots = WORLD_SIZE) and prints it, so that a test sees what the script saw.
"""

import argparse
import datetime
import os
import re
import subprocess
import sys


def say(line):
    """One write per line: the ranks of a node share its output, and a line written at once is never torn (PIPE_BUF)."""
    os.write(1, (line + "\n").encode("utf-8"))


def parse_hostfile(text):
    """host -> slots, in file order, as DeepSpeed's runner reads a hostfile."""
    hosts = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = re.match(r"^(\S+)\s+slots=(\d+)$", line)
        if match is None:
            raise ValueError("hostfile line is not '<host> slots=<n>': %r" % line)
        host, slots = match.group(1), int(match.group(2))
        if host in hosts:
            raise ValueError("host %s is listed twice in the hostfile" % host)
        hosts[host] = slots
    if not hosts:
        raise ValueError("the hostfile lists no host")
    return hosts


def launch(args):
    path = args.hostfile or os.path.join(os.environ["MERIDIAN_CONFIG_DIR"], "hostfile")
    with open(path) as file:
        text = file.read()
    for line in text.splitlines():
        print("hostfile: %s" % line, flush=True)
    hosts = parse_hostfile(text)
    names = list(hosts)
    node_rank = int(os.environ["NODE_RANK"])
    nnodes = int(os.environ["PET_NNODES"])
    nproc = int(os.environ["PET_NPROC_PER_NODE"])
    world_size = int(os.environ["WORLD_SIZE"])
    if len(names) != nnodes:
        raise SystemExit("the hostfile lists %d hosts for %d nodes" % (len(names), nnodes))
    if any(slots != nproc for slots in hosts.values()):
        raise SystemExit("every host should have slots=%d: %s" % (nproc, hosts))
    if sum(hosts.values()) != world_size:
        raise SystemExit("the hostfile has %d slots, WORLD_SIZE is %d" % (sum(hosts.values()), world_size))
    if names[node_rank] != os.environ["MERIDIAN_INSTANCE_ID"]:
        raise SystemExit("line %d of the hostfile is %s, not this instance %s" % (node_rank, names[node_rank], os.environ["MERIDIAN_INSTANCE_ID"]))

    first_rank = sum(hosts[name] for name in names[:node_rank])
    print("launcher: node %d of %d, ranks %d..%d of %d, master %s:%s" % (node_rank, nnodes, first_rank, first_rank + hosts[names[node_rank]] - 1,
                                                                         world_size, os.environ["MASTER_ADDR"], os.environ["MASTER_PORT"]), flush=True)
    processes = []
    for local_rank in range(hosts[names[node_rank]]):
        env = dict(os.environ)
        env.update(RANK=str(first_rank + local_rank), LOCAL_RANK=str(local_rank), LOCAL_SIZE=str(hosts[names[node_rank]]),
                   CROSS_RANK=str(node_rank), CROSS_SIZE=str(nnodes), WORLD_SIZE=str(world_size))
        processes.append(subprocess.Popen([sys.executable, "-u", os.path.abspath(__file__), "--train", "--steps", str(args.steps),
                                           "--checkpoint-every", str(args.checkpoint_every)], env=env))
    codes = [process.wait() for process in processes]
    if any(codes):
        raise SystemExit("a rank failed: exit codes %s" % codes)
    print("launcher: every rank finished", flush=True)


def train(args):
    import torch
    import torch.distributed as dist

    import meridian_runtime

    torch.set_num_threads(1)
    # deepspeed.init_distributed(): RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT are set, so env:// rendezvous
    dist.init_process_group("gloo", init_method="env://", timeout=datetime.timedelta(seconds=60))
    rank, world = dist.get_rank(), dist.get_world_size()
    local_rank = int(os.environ["LOCAL_RANK"])
    if rank != int(os.environ["RANK"]) or world != int(os.environ["WORLD_SIZE"]):
        raise SystemExit("torch.distributed disagrees with the environment")
    say("rank %d of %d started (local rank %d)" % (rank, world, local_rank))

    features = 8
    target = torch.randn(features, 1, generator=torch.Generator().manual_seed(42))
    torch.manual_seed(0)
    model = torch.nn.Linear(features, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    step = 0
    for step in range(1, args.steps + 1):
        generator = torch.Generator().manual_seed(1_000_003 * step + rank)
        x = torch.randn(16, features, generator=generator)
        y = x @ target + 0.5
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        for parameter in model.parameters():
            dist.all_reduce(parameter.grad)
            parameter.grad /= world
        optimizer.step()
        mean = loss.detach().clone()
        dist.all_reduce(mean)
        mean /= world
        if local_rank == 0:
            meridian_runtime.report(step, loss=mean.item())
            meridian_runtime.heartbeat(step)
        if rank == 0 and step % args.checkpoint_every == 0:
            meridian_runtime.save_checkpoint({"model": model.state_dict(), "optimizer": optimizer.state_dict()}, step)
    dist.barrier()
    say("rank %d final step %d" % (rank, step))
    dist.destroy_process_group()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hostfile", help="default: $MERIDIAN_CONFIG_DIR/hostfile")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--checkpoint-every", type=int, default=10)
    parser.add_argument("--train", action="store_true", help="run as one rank (the launcher passes it)")
    args = parser.parse_args()
    if args.train:
        train(args)
    else:
        launch(args)


if __name__ == "__main__":
    main()
