"""Watches a test process test by test: collects output (capped), channel messages, its end.

Ends it when a test's wall-clock deadline passes, its output exceeds the limit or its directory
grows past its limit (checked every DISK_CHECK_SECONDS). Time is measured by the runner, never by
the program.
"""
import os
import select
import signal
import time

DISK_CHECK_SECONDS = 0.01


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
        self.killed = None  # "timeout", "output" or "disk" when the runner ended it
        self.detail = ""
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

    def pending(self, outcome):
        """Reads what stdout and stderr hold right now, without waiting for more."""
        for fd in (self.out, self.err):
            for _ in range(64):
                if fd not in self.open or not _readable(fd):
                    break
                self.read(fd, outcome)

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


class Supervised:
    """One test process, watched one test at a time: its output goes to the current test's
    Outcome and its channel lines to `on_line` (set per test)."""

    def __init__(self, pid, pipes, output_limit, directory_limit=None):
        self.pid = pid
        self.output_limit = output_limit
        self.directory_limit = directory_limit  # a disk_usage.DirectoryLimit, checked while it runs
        self.streams = _Streams(*pipes, lambda line: None)
        self.pidfd = _pidfd(pid)
        self.status = None  # wait status once it ended
        self._next_disk_check = 0.0

    @property
    def alive(self):
        return self.status is None

    def watch(self, deadline, ended, on_line):
        """Runs until `ended()` (the test reported its end), the process ends, or the runner ends it
        (deadline, output limit). Returns the test's Outcome."""
        outcome = Outcome(self.output_limit)
        self.streams.on_line = on_line
        while self.alive and not ended():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._end(outcome, "timeout")
                break
            self._step(outcome, remaining)
            if outcome.stdout.size + outcome.stderr.size > self.output_limit:
                self._end(outcome, "output")
                break
            if self._directory_full(outcome):
                break
        if self.alive:  # output written before the end message is already in the pipes
            self.streams.pending(outcome)
        else:
            outcome.status = self.status
            self.streams.drain(outcome)
        outcome.seconds = time.monotonic() - outcome.started
        return outcome

    def _directory_full(self, outcome):
        if self.directory_limit is None or time.monotonic() < self._next_disk_check:
            return False
        self._next_disk_check = time.monotonic() + DISK_CHECK_SECONDS
        why = self.directory_limit.exceeded()
        if why is not None:
            outcome.detail = why
            self._end(outcome, "disk")
        return why is not None

    def _step(self, outcome, remaining):
        waiting = list(self.streams.open) + ([self.pidfd] if self.pidfd is not None else [])
        wait = min(remaining, 0.005 if self.pidfd is None else remaining)
        if self.directory_limit is not None:
            wait = min(wait, DISK_CHECK_SECONDS)
        ready, _, _ = select.select(waiting, [], [], wait)
        for fd in ready:
            if fd != self.pidfd:
                self.streams.read(fd, outcome)
        if self.pidfd in ready or self.pidfd is None or not self.streams.open:
            self.status = _exited(self.pid)

    def _end(self, outcome, why):
        outcome.killed = why
        self.stop()

    def stop(self):
        """Kills the process (its tests are over or it overran) and reaps it."""
        if self.alive:
            _kill(self.pid)
            try:
                self.status = os.waitpid(self.pid, 0)[1]
            except ChildProcessError:  # already reaped
                self.status = 0
        if self.pidfd is not None:
            os.close(self.pidfd)
            self.pidfd = None


def _exited(pid):
    try:
        done, status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return 0
    return status if done else None
