"""Turns what the runner saw of one test into its result (status, error, traceback, output).

For snippet and module tests the verdict is the judge's report (the judge is trusted: it never ran
program code); the runner adds output and timing and decides what the judge could not report
(timeouts, output limits, a judge that ended without a report). For stdin/stdout tests the runner
compares the program's stdout itself; the program's own report only explains a failure.
"""
import os
import signal

from trim import trim

_FIELD_LIMIT = 2000


class Planned:
    """One test as the runner will run it."""

    def __init__(self, name, kind, **fields):
        self.name = name
        self.kind = kind
        self.code = fields.get("code")  # the judge's compiled test
        self.tree = fields.get("tree")
        self.asserts = fields.get("asserts", [])
        self.sources = fields.get("sources", {})  # file name -> source, for tracebacks
        self.test_file = fields.get("test_file")
        self.test_module = os.path.splitext(self.test_file)[0] if self.test_file else None
        self.function = fields.get("function")
        self.cls = fields.get("cls")
        self.stdin = fields.get("stdin", "")
        self.stdout = fields.get("stdout")
        self.problem = fields.get("problem")  # (type, message): reported without running


def _ended(status, who):
    if status is None:
        return f"{who} did not end"
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number == signal.SIGXCPU:
            return f"{who} used up its CPU time limit"
        name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)
        return f"{who} was killed by {name} (memory or process limit?)"
    return f"{who} exited with code {os.waitstatus_to_exitcode(status)}"


def _base(planned, outcome):
    return {"name": planned.name, "passed": False, "durationSeconds": round(outcome.seconds, 6),
            "stdout": trim(outcome.stdout.text(), _FIELD_LIMIT), "stderr": trim(outcome.stderr.text(), _FIELD_LIMIT)}


def _limit(outcome, limits):
    if outcome.killed == "timeout":
        return "timeout", "Timeout", f"the test ran past its wall-clock limit ({limits['testSeconds']:g} s)"
    if outcome.killed == "output":
        return "error", "OutputLimitExceeded", f"the test wrote more than {limits['outputBytes']} bytes of output"
    if outcome.killed == "disk":
        return "error", "DiskLimitExceeded", f"the test's directory held {outcome.detail}"
    return None


def _finish(base, status, kind, message, extra=None):
    base.update({"status": status, "passed": status == "passed", "errorType": kind, "errorMessage": trim(message, _FIELD_LIMIT)})
    for key, value in (extra or {}).items():
        if type(value) is str and value:
            base[key] = trim(value, _FIELD_LIMIT)
    return base


def result(planned, report, outcome, statuses, limits):
    """The result dict of a snippet or module test (the fields of murphy.v1.TestResult, camelCase)."""
    base = _base(planned, outcome)
    limit = _limit(outcome, limits)
    if limit is not None:
        return _finish(base, *limit)
    if report is None:
        return _finish(base, "crashed", "Crashed", f"the test did not finish: {_ended(statuses.get('judge'), 'the judge')}; "
                                                  f"{_ended(statuses.get('program'), 'the program')}")
    status = report.get("status")
    if status == "crashed":
        return _finish(base, "crashed", "Crashed", f"{report.get('errorMessage')}: {_ended(statuses.get('program'), 'its process')}")
    if status not in ("passed", "failed", "error"):
        return _finish(base, "error", "Internal", "the judge sent a report of no known kind")
    extra = {key: report.get(key) for key in ("actual", "expected", "traceback")}
    return _finish(base, status, str(report.get("errorType", "")), str(report.get("errorMessage", "")), extra)


def _normalized(text):
    return "\n".join(line.rstrip() for line in text.rstrip().splitlines())


def stdio_result(planned, reports, outcome, limits):
    """The result of a stdin/stdout test: the program ended on its own with code 0 and printed the
    expected stdout (trailing whitespace ignored)."""
    base = _base(planned, outcome)
    limit = _limit(outcome, limits)
    if limit is not None:
        return _finish(base, *limit)
    said = next((r for r in reports if isinstance(r.get("violation"), str)), None)
    if said is not None:
        return _finish(base, "error", "SandboxViolation", f"the program {said['violation']}")
    if not os.WIFEXITED(outcome.status) or os.WEXITSTATUS(outcome.status) != 0:
        error = next((r for r in reports if isinstance(r.get("type"), str)), None)
        if error is not None and os.WIFEXITED(outcome.status):
            return _finish(base, "error", error["type"][:200], str(error.get("message", "")))
        return _finish(base, "crashed", "Crashed", f"the test did not finish: {_ended(outcome.status, 'the program')}")
    if outcome.stdout.size > len(outcome.stdout.data):
        return _finish(base, "failed", "WrongOutput", "stdout was longer than the output limit")
    actual = outcome.stdout.text()
    if _normalized(actual) == _normalized(planned.stdout or ""):
        return _finish(base, "passed", "", "")
    return _finish(base, "failed", "WrongOutput", "stdout differs from the expected output",
                   {"actual": actual, "expected": planned.stdout or ""})
