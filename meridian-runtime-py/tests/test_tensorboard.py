"""Specification of the TensorBoard event files report() writes when $MERIDIAN_TENSORBOARD_DIR is set. The files
are read back here by an independent reader of TFRecord framing and the Event protobuf's wire format."""

import os
import struct
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import meridian_runtime  # noqa: E402
from meridian_runtime import tensorboard  # noqa: E402


def read_records(path):
    """The data of every TFRecord, checking both masked CRCs."""
    records = []
    with open(path, "rb") as file:
        content = file.read()
    offset = 0
    while offset < len(content):
        header = content[offset:offset + 8]
        (length,) = struct.unpack("<Q", header)
        (header_crc,) = struct.unpack("<I", content[offset + 8:offset + 12])
        assert header_crc == tensorboard.masked_crc32c(header), "length CRC"
        data = content[offset + 12:offset + 12 + length]
        (data_crc,) = struct.unpack("<I", content[offset + 12 + length:offset + 16 + length])
        assert data_crc == tensorboard.masked_crc32c(data), "data CRC"
        records.append(data)
        offset += 16 + length
    return records


def varint(data, offset):
    value, shift = 0, 0
    while True:
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, offset


def fields(data):
    """(field number, wire type, value) of a message: varints as ints, fixed64/32 as bytes, length-delimited as bytes."""
    offset, out = 0, []
    while offset < len(data):
        key, offset = varint(data, offset)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, offset = varint(data, offset)
        elif wire == 1:
            value, offset = data[offset:offset + 8], offset + 8
        elif wire == 5:
            value, offset = data[offset:offset + 4], offset + 4
        elif wire == 2:
            length, offset = varint(data, offset)
            value, offset = data[offset:offset + length], offset + length
        else:
            raise AssertionError("unexpected wire type %d" % wire)
        out.append((number, wire, value))
    return out


def decode_event(data):
    event = {"scalars": {}}
    for number, wire, value in fields(data):
        if (number, wire) == (1, 1):
            event["wall_time"] = struct.unpack("<d", value)[0]
        elif (number, wire) == (2, 0):
            event["step"] = value
        elif (number, wire) == (3, 2):
            event["file_version"] = value.decode("utf-8")
        elif (number, wire) == (5, 2):
            for summary_field, _, entry in fields(value):
                assert summary_field == 1
                parts = {(n, w): v for n, w, v in fields(entry)}
                event["scalars"][parts[(1, 2)].decode("utf-8")] = struct.unpack("<f", parts[(2, 5)])[0]
        else:
            raise AssertionError("unexpected field %d" % number)
    return event


class TensorBoardTest(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.TemporaryDirectory()
        self.events = os.path.join(self.directory.name, "tensorboard", "run-1")
        os.environ["MERIDIAN_TENSORBOARD_DIR"] = self.events
        os.environ.pop("MERIDIAN_METRICS_FILE", None)
        meridian_runtime._tensorboard_writer = None

    def tearDown(self):
        del os.environ["MERIDIAN_TENSORBOARD_DIR"]
        meridian_runtime._tensorboard_writer = None
        self.directory.cleanup()

    def test_crc32c_matches_the_known_vector(self):
        self.assertEqual(tensorboard.crc32c(b"123456789"), 0xE3069283)
        self.assertEqual(tensorboard.crc32c(b""), 0)

    def test_report_writes_one_event_file_with_the_version_first_then_each_steps_scalars(self):
        meridian_runtime.report(1, loss=0.5)
        meridian_runtime.report(2, loss=0.25, accuracy=0.75, total_steps=10)

        files = os.listdir(self.events)
        self.assertEqual(len(files), 1)
        self.assertRegex(files[0], r"^events\.out\.tfevents\.\d{10}\..+\.%d$" % os.getpid())
        events = [decode_event(data) for data in read_records(os.path.join(self.events, files[0]))]
        self.assertEqual(events[0]["file_version"], "brain.Event:2")
        self.assertEqual([(event["step"], event["scalars"]) for event in events[1:]],
                         [(1, {"loss": 0.5}), (2, {"loss": 0.25, "accuracy": 0.75})], "total_steps is progress, not a curve")
        self.assertTrue(all(event["wall_time"] > 1.6e9 for event in events))

    def test_every_record_is_on_disk_as_soon_as_report_returns(self):
        meridian_runtime.report(1, loss=1.0)
        path = os.path.join(self.events, os.listdir(self.events)[0])
        # another reader (the server's download) sees complete records without the writer closing anything
        self.assertEqual(len(read_records(path)), 2)
        meridian_runtime.report(2, loss=0.5)
        self.assertEqual(len(read_records(path)), 3)

    def test_large_and_negative_steps_round_trip_as_int64(self):
        meridian_runtime.report(2 ** 40, loss=1.0)
        meridian_runtime.report(-1, loss=2.0)
        path = os.path.join(self.events, os.listdir(self.events)[0])
        steps = [decode_event(data)["step"] for data in read_records(path)[1:]]
        self.assertEqual(steps, [2 ** 40, 2 ** 64 - 1])

    def test_nothing_is_written_without_the_variable(self):
        del os.environ["MERIDIAN_TENSORBOARD_DIR"]
        meridian_runtime.report(1, loss=0.5)
        os.environ["MERIDIAN_TENSORBOARD_DIR"] = self.events
        self.assertFalse(os.path.exists(self.events))


if __name__ == "__main__":
    unittest.main()
