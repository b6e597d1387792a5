"""Length-prefixed messages over the socket between the judge and the program's process."""
import os
import struct

from codec import MAX_BYTES

_HEADER = struct.Struct(">I")


class Closed(Exception):
    """The other side closed the socket or sent a frame that cannot be read."""


def send(fd, data):
    data = _HEADER.pack(len(data)) + data
    view = memoryview(data)
    while view:
        try:
            view = view[os.write(fd, view):]
        except (BrokenPipeError, ConnectionResetError) as error:
            raise Closed(str(error)) from None


def _exactly(fd, size):
    parts, missing = [], size
    while missing:
        try:
            chunk = os.read(fd, min(missing, 1 << 20))
        except (ConnectionResetError, OSError) as error:
            raise Closed(str(error)) from None
        if not chunk:
            raise Closed("the other side closed the connection")
        parts.append(chunk)
        missing -= len(chunk)
    return b"".join(parts)


def receive(fd):
    (size,) = _HEADER.unpack(_exactly(fd, _HEADER.size))
    if size > MAX_BYTES:
        raise Closed(f"a message of {size} bytes is over the limit")
    return _exactly(fd, size)
