"""Watches a batch's processes test by test: collects output (capped), report lines, their end.

Ends them when a test's wall-clock deadline passes, its output exceeds the limit or its directory
grows past its limit (checked every DISK_CHECK_SECONDS). Time is measured by the runner, never by
the program.
"""
import json
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
        self.status = None  # wait status of the lead process
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
    """The processes of one batch (the judge and the program, or the program alone), watched one
    test at a time: their output goes to the current test's Outcome and the lines of the report
    channel to the test that waits for them. The `lead` process is the one whose end ends the batch."""

    def __init__(self, pids, lead, pipes, output_limit, directory_limit=None):
        self.pids = dict(pids)
        self.lead = lead
        self.output_limit = output_limit
        self.directory_limit = directory_limit  # a disk_usage.DirectoryLimit, checked while they run
        self._next_disk_check = 0.0
        self.reports = []  # report lines not yet taken by a test
        self.streams = _Streams(*pipes, self._on_line)
        self.pidfd = _pidfd(self.pids[lead])
        self.statuses = {}  # name -> wait status, once that process ended

    def watch(self, deadline, until_report):
        """Runs until the next report line (with `until_report`), the lead process ends, or the
        runner ends the batch (deadline, output limit). Returns the test's Outcome and the report
        lines it read (a later test's lines wait for that test)."""
        outcome = Outcome(self.output_limit)
        while self.lead not in self.statuses and not (until_report and self.reports):
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
        self._reap()
        if self.lead in self.statuses:
            outcome.status = self.statuses[self.lead]
            self.streams.drain(outcome)
        else:  # output written before the end message is already in the pipes
            self.streams.pending(outcome)
        outcome.seconds = time.monotonic() - outcome.started
        if until_report:
            return outcome, self.reports.pop(0) if self.reports else None
        taken, self.reports = self.reports, []
        return outcome, taken

    def taken(self):
        """Tells the judge that its report and the output before it are taken (it waits for this
        before its next test)."""
        try:
            os.write(self.streams.channel, b"\n")
        except OSError:  # it ended meanwhile
            pass

    def _on_line(self, line):
        try:
            message = json.loads(line)
        except ValueError:
            return
        if type(message) is dict:
            self.reports.append(message)

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
            self._reap()

    def _reap(self):
        for name, pid in self.pids.items():
            if name not in self.statuses:
                status = _exited(pid)
                if status is not None:
                    self.statuses[name] = status

    def settle(self, name, seconds=0.2):
        """Waits a little for a process that is ending by itself (the judge saw its program go),
        so that its own exit status, not our kill, says how it ended."""
        end = time.monotonic() + seconds
        while name not in self.statuses and time.monotonic() < end:
            self._reap()
            time.sleep(0.002)

    def _end(self, outcome, why):
        outcome.killed = why
        self.stop()

    def stop(self):
        """Kills the processes (their tests are over or they overran) and reaps them."""
        for name, pid in self.pids.items():
            if name not in self.statuses:
                _kill(pid)
                try:
                    self.statuses[name] = os.waitpid(pid, 0)[1]
                except ChildProcessError:  # already reaped
                    self.statuses[name] = 0
        if self.pidfd is not None:
            os.close(self.pidfd)
            self.pidfd = None


def _exited(pid):
    try:
        done, status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return 0
    return status if done else None
