"""TensorBoard event files, written by hand with the standard library only (no tensorflow, no protobuf).

An event file is a sequence of TFRecords:

    uint64 length (little endian) | uint32 masked CRC32C of those 8 bytes | data | uint32 masked CRC32C of data

whose data are serialized `tensorflow.Event` protobufs: the first one `file_version: "brain.Event:2"`, then one per
report with `wall_time` (1, double), `step` (2, int64) and `summary` (5) holding `value { tag (1), simple_value (2,
float) }` per scalar. Any TensorBoard reads the files as they grow.
"""

import os
import socket
import struct
import time

__all__ = ["EventFileWriter", "crc32c", "masked_crc32c", "event_file_name"]

FILE_VERSION = "brain.Event:2"
_MASK_DELTA = 0xA282EAD8


def _crc32c_table():
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


_TABLE = _crc32c_table()


def crc32c(data):
    """CRC-32C (Castagnoli), as TFRecord framing uses it."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc32c(data):
    crc = crc32c(data)
    return (((crc >> 15) | (crc << 17)) + _MASK_DELTA) & 0xFFFFFFFF


def event_file_name(now=None):
    """events.out.tfevents.<seconds>.<host>.<pid>: TensorBoard finds files by the prefix; pid keeps writers apart."""
    return "events.out.tfevents.%010d.%s.%d" % (int(now if now is not None else time.time()), socket.gethostname(), os.getpid())


def _varint(value):
    value &= 0xFFFFFFFFFFFFFFFF  # int64 on the wire: negatives take ten bytes, as protobuf writes them
    out = bytearray()
    while True:
        bits = value & 0x7F
        value >>= 7
        if value:
            out.append(bits | 0x80)
        else:
            out.append(bits)
            return bytes(out)


def _length_delimited(field, payload):
    return _varint(field << 3 | 2) + _varint(len(payload)) + payload


def _event(wall_time, step=None, file_version=None, scalars=None):
    data = _varint(1 << 3 | 1) + struct.pack("<d", wall_time)
    if step is not None:
        data += _varint(2 << 3 | 0) + _varint(int(step))
    if file_version is not None:
        data += _length_delimited(3, file_version.encode("utf-8"))
    if scalars:
        summary = b""
        for tag, value in scalars:
            entry = _length_delimited(1, tag.encode("utf-8")) + _varint(2 << 3 | 5) + struct.pack("<f", float(value))
            summary += _length_delimited(1, entry)
        data += _length_delimited(5, summary)
    return data


def _record(data):
    header = struct.pack("<Q", len(data))
    return header + struct.pack("<I", masked_crc32c(header)) + data + struct.pack("<I", masked_crc32c(data))


class EventFileWriter:
    """Appends scalar events to one new event file in `directory` (created if missing).

    Each record goes out in one O_APPEND write followed by fsync, so whatever was reported before a crash is complete
    and readable; a record torn by the crash itself is the file's last and readers skip it.
    """

    def __init__(self, directory):
        os.makedirs(directory, exist_ok=True)
        self.directory = directory
        self.path = os.path.join(directory, event_file_name())
        self.pid = os.getpid()
        self._write(_event(time.time(), file_version=FILE_VERSION))

    def add_scalars(self, step, scalars, wall_time=None):
        """scalars: (tag, value) pairs, all at `step`."""
        self._write(_event(time.time() if wall_time is None else wall_time, step=step, scalars=list(scalars)))

    def _write(self, data):
        record = _record(data)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            written = 0
            while written < len(record):
                written += os.write(fd, record[written:])
            os.fsync(fd)
        finally:
            os.close(fd)
