"""Trains a tiny linear regression with torch.distributed DDP (gloo, CPU), fault tolerant by checkpoints.

Run one process per instance; Meridian sets MASTER_ADDR, MASTER_PORT, RANK and WORLD_SIZE. Each step draws
its batch from a generator seeded by (step, rank), so a job resumed from a checkpoint replays exactly the
steps an uninterrupted job would have run. Loss is reported every step, a checkpoint saved every
--checkpoint-every steps (by rank 0, into $MERIDIAN_CHECKPOINT_DIR), and on start the job resumes from the
newest complete checkpoint.
"""

import argparse
import datetime
import os
import sys
import time

import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

import meridian_runtime

FEATURES = 8


def batch(step, rank, weights, size):
    generator = torch.Generator().manual_seed(1_000_003 * step + rank)
    x = torch.randn(size, FEATURES, generator=generator)
    y = x @ weights + 0.5 + 0.01 * torch.randn(size, 1, generator=generator)
    return x, y


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--checkpoint-every", type=int, default=10)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--step-delay", type=float, default=0.0, help="seconds to idle per step, to stand in for real work")
    parser.add_argument("--print-every", type=int, default=0, help="print the step and its loss every N steps (0: never)")
    args = parser.parse_args()

    # a peer that died must fail this process in bounded time rather than hang it
    dist.init_process_group("gloo", timeout=datetime.timedelta(seconds=60))
    rank = dist.get_rank()
    print("rank %d of %d started (pid %d)" % (rank, dist.get_world_size(), os.getpid()), flush=True)

    weights = torch.randn(FEATURES, 1, generator=torch.Generator().manual_seed(42))
    torch.manual_seed(0)
    model = torch.nn.Linear(FEATURES, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)

    start = 0
    checkpoint = meridian_runtime.load_latest_checkpoint()
    if checkpoint is not None:
        model.load_state_dict(checkpoint.state["model"])
        optimizer.load_state_dict(checkpoint.state["optimizer"])
        start = checkpoint.step
        print("resumed from checkpoint at step %d" % start, flush=True)
    # every rank must resume from the same step, or their collective calls would not match
    agreed = torch.tensor([start])
    dist.broadcast(agreed, src=0)
    if agreed.item() != start:
        raise RuntimeError("rank %d resumed at step %d but rank 0 at %d" % (rank, start, agreed.item()))

    ddp = DistributedDataParallel(model)
    loss_function = torch.nn.MSELoss()
    step = start
    for step in range(start + 1, args.steps + 1):
        x, y = batch(step, rank, weights, args.batch_size)
        optimizer.zero_grad()
        loss = loss_function(ddp(x), y)
        loss.backward()
        optimizer.step()
        # total_steps: the console shows the step as a share of it, and the time left while it runs
        meridian_runtime.report(step, loss=loss.item(), total_steps=args.steps)
        meridian_runtime.heartbeat(step)
        if args.print_every > 0 and step % args.print_every == 0:
            print("step %d loss %.6f" % (step, loss.item()), flush=True)
        if rank == 0 and step % args.checkpoint_every == 0:
            meridian_runtime.save_checkpoint({"model": model.state_dict(), "optimizer": optimizer.state_dict()}, step)
        if args.step_delay > 0:
            time.sleep(args.step_delay)

    dist.barrier()
    print("final step %d" % step, flush=True)
    dist.destroy_process_group()
    return 0


if __name__ == "__main__":
    sys.exit(main())
