"""Turns what the runner saw of one test into its result (status, error, traceback, output)."""
import os
import signal

from judge import verdict
from trim import trim

_FIELD_LIMIT = 2000
_TRACEBACK_FRAMES = 12


class Planned:
    """One test as the runner will run it."""

    def __init__(self, name, kind, **fields):
        self.name = name
        self.kind = kind
        self.code = fields.get("code")  # rewritten code object
        self.checks = fields.get("checks", [])
        self.sources = fields.get("sources", {})  # file name -> original source, for tracebacks
        self.test_file = fields.get("test_file")
        self.function = fields.get("function")
        self.cls = fields.get("cls")
        self.stdin = fields.get("stdin", "")
        self.stdout = fields.get("stdout")
        self.problem = fields.get("problem")  # (type, message): reported without running

    def required(self):
        if self.kind == "code":
            return [c for c in self.checks if c.required]
        return [c for c in self.checks if c.required and c.function == self.function]


class Observations:
    """The channel's messages for one test, checked against its nonce and judged."""

    def __init__(self, planned, nonce, reply):
        self.planned = planned
        self.prefix = nonce.encode() + b" "
        self.reply = reply
        self.seen = set()
        self.failure = None  # (check, actual, expected)
        self.end = None  # ("done", None) | ("error", info) | ("tamper", text)
        self.more = False  # the test process said it can run another test

    def on_line(self, line):
        import json

        if not line.startswith(self.prefix) or self.end is not None:
            return
        try:
            message = json.loads(line[len(self.prefix):])
        except ValueError:
            return
        if "o" in message:
            self._observe(message)
        for key in ("tamper", "error", "done"):
            if key in message and self.end is None:
                self.end = (key, message[key])
                self.more = key != "tamper" and message.get("more") is True

    def _observe(self, message):
        index = message.get("o")
        checks = self.planned.checks
        if not isinstance(index, int) or not 0 <= index < len(checks):
            self.end = ("tamper", "sent an observation for an assert that does not exist")
            return
        try:
            passed, actual, expected = verdict(checks[index], message)
        except (ValueError, KeyError, TypeError):
            passed, actual, expected = False, "<malformed value>", None
        self.seen.add(index)
        if not passed and self.failure is None:
            self.failure = (checks[index], actual, expected)
        try:
            os.write(self.reply, b"1" if passed else b"0")
        except OSError:  # the test stopped reading: it will not be told
            pass


def _traceback(planned, frames):
    lines = ["Traceback (most recent call last):"]
    for path, lineno, name in frames[-_TRACEBACK_FRAMES:]:
        base = os.path.basename(path)
        lines.append(f'  File "{base}", line {lineno}, in {name}')
        source = planned.sources.get(base, "").splitlines()
        if 0 < lineno <= len(source):
            lines.append(f"    {source[lineno - 1].strip()}")
    return lines


def _normalized(text):
    return "\n".join(line.rstrip() for line in text.rstrip().splitlines())


def _ended(status):
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number == signal.SIGXCPU:
            return "timeout", "Timeout", "the test used up its CPU time limit"
        name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)
        return "crashed", "Crashed", f"the test process was killed by {name} before the test finished (memory or process limit?)"
    code = os.waitstatus_to_exitcode(status)
    return "crashed", "Crashed", f"the test process exited with code {code} before the test finished"


def result(planned, seen, outcome, limits):
    """The result dict for one test (the fields of murphy.v1.TestResult, camelCase)."""
    base = {"name": planned.name, "passed": False, "durationSeconds": round(outcome.seconds, 6),
            "stdout": trim(outcome.stdout.text(), _FIELD_LIMIT), "stderr": trim(outcome.stderr.text(), _FIELD_LIMIT)}
    status, kind, message, extra = _status(planned, seen, outcome, limits)
    base.update({"status": status, "passed": status == "passed", "errorType": kind,
                 "errorMessage": trim(message, _FIELD_LIMIT), **extra})
    return base


def _status(planned, seen, outcome, limits):
    if outcome.killed == "timeout":
        return "timeout", "Timeout", f"the test ran past its wall-clock limit ({limits['testSeconds']:g} s)", {}
    if outcome.killed == "output":
        return "error", "OutputLimitExceeded", f"the test wrote more than {limits['outputBytes']} bytes of output", {}
    if outcome.killed == "disk":
        return "error", "DiskLimitExceeded", f"the test's directory held {outcome.detail}", {}
    end_kind, end_value = seen.end or (None, None)
    if end_kind == "tamper":
        return "error", "SandboxViolation", f"the program {end_value}", {}
    if seen.failure is not None:
        return _failure(planned, seen.failure, end_value if end_kind == "error" else None)
    if end_kind == "error":
        frames = _traceback(planned, end_value.get("frames", []))
        text = f"{end_value.get('type')}: {end_value.get('message')}"
        return "error", str(end_value.get("type")), str(end_value.get("message")), {"traceback": trim("\n".join(frames + [text]), _FIELD_LIMIT)}
    if end_kind != "done":
        return _ended(outcome.status) + ({},)
    missing = [c for c in planned.required() if c.index not in seen.seen]
    if missing:
        return "failed", "AssertionError", f"{missing[0].source}: never ran", {}
    return _stdio(planned, outcome) if planned.kind == "stdio" else ("passed", "", "", {})


def _failure(planned, failure, error):
    check, actual, expected = failure
    frames = _traceback(planned, (error or {}).get("frames", []))
    extra = {"actual": trim(actual, _FIELD_LIMIT), "traceback": trim("\n".join(frames + ["AssertionError"]), _FIELD_LIMIT)}
    if expected is not None:
        extra["expected"] = trim(expected, _FIELD_LIMIT)
    return "failed", "AssertionError", f"{check.source} (actual: {trim(actual, 200)})", extra


def _stdio(planned, outcome):
    if outcome.stdout.size > len(outcome.stdout.data):
        return "failed", "WrongOutput", "stdout was longer than the output limit", {}
    actual = outcome.stdout.text()
    if _normalized(actual) == _normalized(planned.stdout or ""):
        return "passed", "", "", {}
    extra = {"actual": trim(actual, _FIELD_LIMIT), "expected": trim(planned.stdout or "", _FIELD_LIMIT)}
    return "failed", "WrongOutput", "stdout differs from the expected output", extra
