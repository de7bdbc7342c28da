"""Trains a tiny linear regression with DeepSpeed (ZeRO stage 1 data parallelism), on CPU over gloo or on GPUs.

Launch it on every instance with DeepSpeed's own launcher and the hostfile the platform writes:

    deepspeed --hostfile "$MERIDIAN_CONFIG_DIR/hostfile" --no_ssh --node_rank "$NODE_RANK" \
        --master_addr "$MASTER_ADDR" --master_port "$MASTER_PORT" deepspeed_train.py --steps 20

The launcher starts one process per slot with RANK, LOCAL_RANK and WORLD_SIZE; deepspeed.init_distributed() joins
them; deepspeed.initialize() wraps the model in its engine, which partitions the optimizer state across ranks
(ZeRO stage 1) and averages gradients. Each step's batch comes from a generator seeded by (step, rank), so a run
resumed from a checkpoint replays the steps an uninterrupted run would have. Local rank 0 reports the loss through
meridian_runtime; the engine checkpoints every --checkpoint-every steps into $MERIDIAN_CHECKPOINT_DIR (DeepSpeed's
own layout: a directory per tag and a `latest` file naming the newest), and a start resumes from it.
"""

import argparse
import os
import sys

import deepspeed
import torch
import torch.distributed as dist
from deepspeed.accelerator import get_accelerator

import meridian_runtime

FEATURES = 8
BATCH = 16


def batch(step, rank, weights, device):
    generator = torch.Generator().manual_seed(1_000_003 * step + rank)
    x = torch.randn(BATCH, FEATURES, generator=generator)
    y = x @ weights + 0.5 + 0.01 * torch.randn(BATCH, 1, generator=generator)
    return x.to(device), y.to(device)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--checkpoint-every", type=int, default=10)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--shm-comm", action="store_true", help="on CPU, let DeepSpeed compile and use its shared-memory all-reduce")
    parser.add_argument("--local_rank", type=int, default=int(os.environ.get("LOCAL_RANK", "0")), help="set by DeepSpeed's launcher")
    args = parser.parse_args()

    if get_accelerator().device_name() == "cpu" and not args.shm_comm:
        # On CPU DeepSpeed's communication starts by compiling a shared-memory all-reduce (C++, with g++ and torch's
        # headers: minutes, on every host and home); gloo's own all-reduce needs nothing built. The dict is
        # DeepSpeed's probe of which ops can be built, kept for the process; on GPUs NCCL is used and nothing changes.
        deepspeed.ops.__compatible_ops__["deepspeed_shm_comm"] = False
    deepspeed.init_distributed()
    rank, world_size = dist.get_rank(), dist.get_world_size()
    accelerator = get_accelerator()
    print("rank %d of %d started: deepspeed %s, accelerator %s, backend %s"
          % (rank, world_size, deepspeed.__version__, accelerator.device_name(), dist.get_backend()), flush=True)

    weights = torch.randn(FEATURES, 1, generator=torch.Generator().manual_seed(42))
    torch.manual_seed(0)
    model = torch.nn.Linear(FEATURES, 1)
    config = {
        "train_micro_batch_size_per_gpu": BATCH,
        "gradient_accumulation_steps": 1,
        "zero_optimization": {"stage": 1},
        "steps_per_print": 1_000_000,
    }
    # torch's Adam, which ZeRO supports: DeepSpeed's own optimizers ("optimizer" in the config) are ops it compiles
    engine, _, _, _ = deepspeed.initialize(model=model, optimizer=torch.optim.Adam(model.parameters(), lr=args.lr), config=config)

    checkpoint_dir = os.environ["MERIDIAN_CHECKPOINT_DIR"]
    start = 0
    if os.path.exists(os.path.join(checkpoint_dir, "latest")):
        _, client_state = engine.load_checkpoint(checkpoint_dir)
        start = client_state["step"]
        print("resumed from checkpoint at step %d" % start, flush=True)

    device = engine.device
    loss_function = torch.nn.MSELoss()
    step = start
    for step in range(start + 1, args.steps + 1):
        x, y = batch(step, rank, weights, device)
        loss = loss_function(engine(x), y)
        engine.backward(loss)
        engine.step()
        if args.local_rank == 0:
            meridian_runtime.report(step, loss=loss.item())
        meridian_runtime.heartbeat(step)
        if step % args.checkpoint_every == 0:
            # every rank takes part: with ZeRO each holds its own part of the optimizer state
            engine.save_checkpoint(checkpoint_dir, tag="step-%d" % step, client_state={"step": step})

    dist.barrier()
    print("final step %d loss %.6f" % (step, loss.item()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
