"""Specification of meridian_runtime: run with the preset environment's interpreter, `"$(bin/meridian-env path
pytorch)/bin/python" -m unittest discover -s tests`, from meridian-runtime-py (the executor's test suite runs it)."""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import meridian_runtime  # noqa: E402


class RuntimeTest(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.TemporaryDirectory()
        self.root = self.directory.name
        self.checkpoints = os.path.join(self.root, "checkpoints")
        os.environ["MERIDIAN_METRICS_FILE"] = os.path.join(self.root, "metrics.jsonl")
        os.environ["MERIDIAN_HEARTBEAT_FILE"] = os.path.join(self.root, "heartbeat")
        os.environ["MERIDIAN_CHECKPOINT_DIR"] = self.checkpoints

    def tearDown(self):
        self.directory.cleanup()

    def test_report_appends_one_json_line_per_call(self):
        meridian_runtime.report(1, loss=0.5)
        meridian_runtime.report(2, loss=0.25, accuracy=0.75)
        with open(os.environ["MERIDIAN_METRICS_FILE"]) as file:
            lines = [json.loads(line) for line in file]
        self.assertEqual([(line["step"], line["loss"]) for line in lines], [(1, 0.5), (2, 0.25)])
        self.assertEqual(lines[1]["accuracy"], 0.75)

    def test_report_and_heartbeat_do_nothing_outside_meridian(self):
        del os.environ["MERIDIAN_METRICS_FILE"]
        del os.environ["MERIDIAN_HEARTBEAT_FILE"]
        meridian_runtime.report(1, loss=0.5)
        meridian_runtime.heartbeat(1)
        self.assertEqual(os.listdir(self.root), [])

    def test_heartbeat_records_the_step(self):
        meridian_runtime.heartbeat(7)
        with open(os.environ["MERIDIAN_HEARTBEAT_FILE"]) as file:
            self.assertEqual(json.load(file)["step"], 7)

    def test_no_checkpoint_loads_as_none(self):
        self.assertIsNone(meridian_runtime.load_latest_checkpoint())

    def test_latest_checkpoint_round_trips(self):
        meridian_runtime.save_checkpoint({"w": [1]}, 10)
        meridian_runtime.save_checkpoint({"w": [2]}, 20)
        checkpoint = meridian_runtime.load_latest_checkpoint()
        self.assertEqual(checkpoint.step, 20)
        self.assertEqual(checkpoint.state, {"w": [2]})

    def test_a_checkpoint_torn_by_a_fault_is_never_used(self):
        meridian_runtime.save_checkpoint({"w": [1]}, 10)
        # a writer killed mid-write leaves only its temporary file, and `latest` still names the older one
        with open(os.path.join(self.checkpoints, ".tmp-abc.pt"), "wb") as file:
            file.write(b"\x80\x02 half a pickle")
        self.assertEqual(meridian_runtime.load_latest_checkpoint().step, 10)

    def test_an_unreadable_latest_falls_back_to_the_newest_readable_checkpoint(self):
        meridian_runtime.save_checkpoint({"w": [1]}, 10)
        meridian_runtime.save_checkpoint({"w": [2]}, 20)
        with open(os.path.join(self.checkpoints, "ckpt-000000020.pt"), "wb") as file:
            file.write(b"damaged on disk")
        self.assertEqual(meridian_runtime.load_latest_checkpoint().step, 10)

    def test_only_the_newest_checkpoints_are_kept(self):
        for step in (10, 20, 30, 40):
            meridian_runtime.save_checkpoint({"step": step}, step, keep=2)
        self.assertEqual(sorted(os.listdir(self.checkpoints)), ["ckpt-000000030.pt", "ckpt-000000040.pt", "latest"])


if __name__ == "__main__":
    unittest.main()
