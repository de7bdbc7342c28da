"""Meridian's in-job helper: metrics, crash-safe checkpoints and heartbeats.

Standard library and torch only, and installed nowhere: Meridian's executor puts this package's directory on
PYTHONPATH of every instance, and tells it where to write through environment variables:

    MERIDIAN_METRICS_FILE     report() appends one JSON object per line here
    MERIDIAN_CHECKPOINT_DIR   save_checkpoint() / load_latest_checkpoint() (default: under /work/home)
    MERIDIAN_HEARTBEAT_FILE   heartbeat() replaces this small file; its age tells the server about hangs
    MERIDIAN_TENSORBOARD_DIR  if the task turns TensorBoard on: report() also appends scalar summaries to a
                              TensorBoard event file here (the run's own directory, <task path>/<run id>)

Outside Meridian (variables unset) report() and heartbeat() do nothing, so scripts run anywhere.
"""

import collections
import json
import os
import tempfile
import time

__all__ = ["Checkpoint", "report", "heartbeat", "save_checkpoint", "load_latest_checkpoint", "checkpoint_dir", "tensorboard_dir"]

Checkpoint = collections.namedtuple("Checkpoint", ["step", "state", "path"])

_LATEST = "latest"
_PREFIX = "ckpt-"
_SUFFIX = ".pt"
_TEMPORARY = ".tmp-"


def report(step, loss=None, **scalars):
    """Appends {"time", "step", "loss", **scalars} as one JSON line to $MERIDIAN_METRICS_FILE and, when
    $MERIDIAN_TENSORBOARD_DIR is set, the same scalars (tags `loss` and the keyword names) to this process's
    TensorBoard event file there.

    The line goes out in a single O_APPEND write followed by fsync, so concurrent writers never interleave
    within a line and a reported step survives a crash right after it. Values may be floats or 0-d tensors.

    Pass total_steps=N (any report will do; the newest counts) and the run's list and detail pages show the step
    as a share of N and the time left at the attempt's pace so far; without it they show the step alone.
    """
    record = {"time": time.time(), "step": int(step)}
    if loss is not None:
        record["loss"] = float(loss)
    for name, value in scalars.items():
        record[name] = float(value)
    _report_tensorboard(record)
    path = os.environ.get("MERIDIAN_METRICS_FILE")
    if not path:
        return
    data = (json.dumps(record, separators=(",", ":")) + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        written = os.write(fd, data)
        if written != len(data):
            # a short write would tear the line; finish it (readers only take complete lines)
            os.write(fd, data[written:])
        os.fsync(fd)
    finally:
        os.close(fd)


def tensorboard_dir():
    """This run's TensorBoard directory, or None if the task does not turn TensorBoard on. Any writer may put
    event files here (torch.utils.tensorboard.SummaryWriter(log_dir=mr.tensorboard_dir()) included)."""
    return os.environ.get("MERIDIAN_TENSORBOARD_DIR") or None


_tensorboard_writer = None


def _report_tensorboard(record):
    global _tensorboard_writer
    directory = tensorboard_dir()
    if directory is None:
        return
    from meridian_runtime.tensorboard import EventFileWriter

    # total_steps is progress, not a curve
    scalars = [(name, value) for name, value in record.items() if name not in ("time", "step", "total_steps")]
    if not scalars:
        return
    writer = _tensorboard_writer
    # one file per process: a forked worker or a changed directory starts its own
    if writer is None or writer.pid != os.getpid() or writer.directory != directory:
        writer = _tensorboard_writer = EventFileWriter(directory)
    writer.add_scalars(record["step"], scalars, wall_time=record["time"])


def heartbeat(step=None):
    """Marks progress. The server compares the file's age with the job's expected step time to spot hangs."""
    path = os.environ.get("MERIDIAN_HEARTBEAT_FILE")
    if not path:
        return
    _write_atomically(path, json.dumps({"time": time.time(), "step": step}) + "\n", durable=False)


def checkpoint_dir():
    path = os.environ.get("MERIDIAN_CHECKPOINT_DIR")
    if not path:
        raise RuntimeError("MERIDIAN_CHECKPOINT_DIR is not set (Meridian sets it for every instance)")
    return path


def save_checkpoint(state, step, keep=3):
    """Writes state as the checkpoint of step, atomically, and returns its path.

    Order matters for crash safety: the data goes to a temporary file, is fsynced, renamed to its final name
    (directory fsynced), and only then does the `latest` marker move to it. A fault at any point leaves the
    previous checkpoint as `latest`; a torn temporary file is never loaded. Keeps the newest `keep`.
    """
    import torch

    directory = checkpoint_dir()
    os.makedirs(directory, exist_ok=True)
    name = "%s%09d%s" % (_PREFIX, int(step), _SUFFIX)
    fd, temporary = tempfile.mkstemp(prefix=_TEMPORARY, suffix=_SUFFIX, dir=directory)
    try:
        with os.fdopen(fd, "wb") as file:
            torch.save({"step": int(step), "state": state}, file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, os.path.join(directory, name))
    except BaseException:
        _remove_quietly(temporary)
        raise
    _fsync_directory(directory)
    _write_atomically(os.path.join(directory, _LATEST), name + "\n", durable=True)
    _prune(directory, keep, current=name, own_temporary=temporary)
    return os.path.join(directory, name)


def load_latest_checkpoint(map_location="cpu"):
    """Returns the newest complete Checkpoint(step, state, path), or None if there is none.

    The `latest` marker names it. Should the marker be missing or its file unreadable, falls back to the newest
    file under a final name: files get that name only once completely written.
    """
    import torch

    directory = os.environ.get("MERIDIAN_CHECKPOINT_DIR")
    if not directory or not os.path.isdir(directory):
        return None
    candidates = _complete(directory)
    marker = _read(os.path.join(directory, _LATEST))
    if marker in candidates:
        candidates.remove(marker)
        candidates.insert(0, marker)
    for name in candidates:
        path = os.path.join(directory, name)
        try:
            saved = torch.load(path, map_location=map_location)
        except Exception:
            continue
        return Checkpoint(saved["step"], saved["state"], path)
    return None


def _complete(directory):
    names = [n for n in os.listdir(directory) if n.startswith(_PREFIX) and n.endswith(_SUFFIX)]
    return sorted(names, reverse=True)


def _prune(directory, keep, current, own_temporary):
    for name in _complete(directory)[max(keep, 1):]:
        if name != current:
            _remove_quietly(os.path.join(directory, name))
    # leftovers of writes that a fault interrupted; only one process writes checkpoints of a workload
    for name in os.listdir(directory):
        if name.startswith(_TEMPORARY) and os.path.join(directory, name) != own_temporary:
            _remove_quietly(os.path.join(directory, name))


def _write_atomically(path, text, durable):
    directory = os.path.dirname(path) or "."
    fd, temporary = tempfile.mkstemp(prefix=_TEMPORARY, dir=directory)
    try:
        with os.fdopen(fd, "w") as file:
            file.write(text)
            if durable:
                file.flush()
                os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        _remove_quietly(temporary)
        raise
    if durable:
        _fsync_directory(directory)


def _fsync_directory(directory):
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _read(path):
    try:
        with open(path) as file:
            return file.read().strip()
    except OSError:
        return None


def _remove_quietly(path):
    try:
        os.remove(path)
    except OSError:
        pass
