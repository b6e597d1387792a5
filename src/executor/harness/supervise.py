"""Watches one test process: collects its output (capped), its channel messages, its end.

Ends it when its wall-clock deadline passes or its output exceeds the limit. Time is measured by
the runner, never by the program.
"""
import os
import select
import signal
import time


class Capture:
    """The first `limit` bytes of a stream and its total size."""

    def __init__(self, limit):
        self.limit = limit
        self.data = bytearray()
        self.size = 0

    def add(self, chunk):
        self.size += len(chunk)
        room = self.limit - len(self.data)
        if room > 0:
            self.data += chunk[:room]

    def text(self):
        return self.data.decode("utf-8", "replace")


class Outcome:
    def __init__(self, output_limit):
        self.stdout = Capture(output_limit)
        self.stderr = Capture(output_limit)
        self.status = None  # wait status of the test process
        self.killed = None  # "timeout" or "output" when the runner ended it
        self.started = time.monotonic()
        self.seconds = 0.0


def _pidfd(pid):
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):  # old kernel or gVisor: poll waitpid instead
        return None


def _kill(pid):
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
        except OSError:
            pass


class _Streams:
    def __init__(self, out, err, channel, on_line):
        self.sinks = {out: None, err: None, channel: bytearray()}
        self.out, self.err, self.channel, self.on_line = out, err, channel, on_line
        self.open = {out, err, channel}

    def read(self, fd, outcome):
        try:
            chunk = os.read(fd, 1 << 16)
        except BlockingIOError:
            return
        if not chunk:
            self.open.discard(fd)
            return
        if fd == self.channel:
            self._lines(chunk)
        else:
            (outcome.stdout if fd == self.out else outcome.stderr).add(chunk)

    def _lines(self, chunk):
        buffer = self.sinks[self.channel]
        buffer += chunk
        while (end := buffer.find(b"\n")) >= 0:
            line = bytes(buffer[:end])
            del buffer[: end + 1]
            self.on_line(line)

    def drain(self, outcome):
        for fd in list(self.open):
            os.set_blocking(fd, False)
            for _ in range(64):
                if fd not in self.open:
                    break
                before = len(self.open)
                self.read(fd, outcome)
                if len(self.open) == before and not _readable(fd):
                    break


def _readable(fd):
    return bool(select.select([fd], [], [], 0)[0])


def watch(pid, pipes, deadline, output_limit, on_line):
    """Runs until the test process ends (or is ended); `pipes` = (stdout, stderr, channel)."""
    outcome = Outcome(output_limit)
    streams = _Streams(*pipes, on_line)
    pidfd = _pidfd(pid)
    while outcome.status is None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            outcome.killed = "timeout"
            _kill(pid)
            break
        waiting = list(streams.open) + ([pidfd] if pidfd is not None else [])
        ready, _, _ = select.select(waiting, [], [], min(remaining, 0.005 if pidfd is None else remaining))
        for fd in ready:
            if fd != pidfd:
                streams.read(fd, outcome)
        if outcome.stdout.size + outcome.stderr.size > output_limit:
            outcome.killed = "output"
            _kill(pid)
            break
        if pidfd in ready or pidfd is None or not streams.open:
            outcome.status = _exited(pid)
    if outcome.status is None:
        outcome.status = os.waitpid(pid, 0)[1]
    outcome.seconds = time.monotonic() - outcome.started
    if pidfd is not None:
        os.close(pidfd)
    return outcome, streams


def _exited(pid):
    try:
        done, status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return 0
    return status if done else None
