"""The judge: runs the tests in an interpreter of its own, one that never runs program code.

It is forked from the runner (never from a process that ran the program) and imports nothing a
program could have written: its module path is the harness's shims and the interpreter's own
library, never a test directory. Test code runs here unchanged, asserts and all; the program is
reached only through proxy.Program, whose answers are plain data or handles. So every assert the
test reaches is evaluated here, on values the program cannot make lie, and a test passes only
when its code ran to its end here and the program's process was still answering.
"""
import importlib
import json
import os
import sys
import types

import bindings
import confine
import explain
import instances
import judge_audit
import patching
import proxy
import testcall
from trim import trim

SOCKET_FD, REPORT_FD = 3, 4
_FIELD_LIMIT = 2000
_TRACEBACK_FRAMES = 12


def _confine(settings):
    """The judge is as untrusted as the program (test code may run what the program wrote): it is
    confined the same way, as a user of its own when the executor is root (in the program's group,
    so that files the test makes, such as tmp_path's, are the program's too), in a Landlock domain
    of its own (neither side can signal, trace or open /proc entries of the other) and undumpable."""
    confine.enter({**settings, "dumpable": False}, settings.get("judgeUid"), settings.get("uid"))
    sys.path[:] = [settings["shims"], *settings["libraryPath"]]


def _show(value):
    try:
        return trim(repr(value), _FIELD_LIMIT)
    except BaseException:  # a handle whose program is gone, or a repr that fails
        return f"<{type(value).__name__}>"


class Judge:
    def __init__(self, program, settings):
        self.program = program
        self.settings = settings
        self.module_name = settings["moduleName"]
        self.connected = False  # the program has been waited for (it loads while the first test starts)
        self.builtins = None  # what test code runs with (isinstance can ask the program: instances.py)

    def run(self, planned):
        """Runs one test; returns its report (the runner adds output and timing)."""
        error = None
        try:
            self._execute(planned)
        except BaseException as caught:  # whatever the test raised, or the program through it
            error = caught
        report = self._report(planned, error)
        report["more"] = self.program.gone is None and self.program.load_error is None
        return report

    def _execute(self, planned):
        if not self.connected:
            self.connected = True
            self.program.connect()
        if self.program.load_error is not None:
            raise self.program.load_error
        if "patch" in planned.sources.get(planned.test_file, ""):
            patching.mirror_mock_patches(self.program)
        if self.builtins is None:
            self.builtins = instances.test_builtins(self.program)
        # The assert rewriter's helper is set after the program's names are bound: it is the judge's.
        compare = {explain.COMPARE: explain.comparer(planned.asserts), "__builtins__": self.builtins}
        if planned.kind == "code":
            namespace = {"__name__": "__main__"}
            self._bind(planned, namespace)
            namespace.update(compare)
            exec(planned.code, namespace)
            return
        module = types.ModuleType(planned.test_module)
        module.__file__ = planned.test_file
        sys.modules[planned.test_module] = module
        if bindings.imports_everything(planned.tree, self.module_name):
            self._bind(planned, module.__dict__)
        module.__dict__.update(compare)
        exec(planned.code, module.__dict__)
        testcall.call(module, planned.cls, planned.function, self.settings["dir"], self.program)

    def _bind(self, planned, namespace):
        names, modules = bindings.free_names(planned.tree)
        for name in modules:
            try:
                namespace[name] = importlib.import_module(name)
            except ImportError:
                names.append(name)
        if names:
            found = self.program.value("names", names)
            if type(found) is dict:
                namespace.update((k, v) for k, v in found.items() if k in names and not k.startswith("_"))

    def _report(self, planned, error):
        if isinstance(error, proxy.SandboxViolation):
            return {"status": "error", "errorType": "SandboxViolation", "errorMessage": str(error)}
        if self.program.gone is not None:
            return {"status": "crashed", "errorType": "Crashed", "errorMessage": self.program.gone, "gone": True}
        if error is None:
            return {"status": "passed", "errorType": "", "errorMessage": ""}
        lines = self._traceback(planned, error)
        if isinstance(error, explain.AssertFailed):
            actual, expected = (_show(v) for v in error.values)
            message = f"{error.checked.source} (actual: {trim(actual, 200)})"
            if error.checked.message is not None:
                message = f"{error.checked.message}: {message}"
            return {"status": "failed", "errorType": "AssertionError", "errorMessage": message, "actual": actual,
                    "expected": expected, "traceback": "\n".join(lines + [f"AssertionError: {message}"])}
        kind = type(error).__name__
        message = _message(error)
        if isinstance(error, AssertionError):
            message = message or (lines[-1].strip() if len(lines) > 1 else "assert")
            return {"status": "failed", "errorType": "AssertionError", "errorMessage": message,
                    "traceback": "\n".join(lines + [f"AssertionError: {message}"])}
        text = getattr(error, "murphy_remote", (f"{kind}: {message}", []))[0]
        return {"status": "error", "errorType": kind, "errorMessage": message, "traceback": "\n".join(lines + [text])}

    def _traceback(self, planned, error):
        frames, tb = [], error.__traceback__
        while tb is not None:
            code = tb.tb_frame.f_code
            if code.co_filename == planned.test_file:
                frames.append([planned.test_file, tb.tb_lineno, code.co_name])
            tb = tb.tb_next
        frames += getattr(error, "murphy_remote", (None, []))[1]
        lines = ["Traceback (most recent call last):"]
        for path, lineno, name in frames[-_TRACEBACK_FRAMES:]:
            base = os.path.basename(path)
            lines.append(f'  File "{base}", line {lineno}, in {name}')
            source = planned.sources.get(base, "").splitlines()
            if 0 < lineno <= len(source):
                lines.append(f"    {source[lineno - 1].strip()}")
        return lines


def _message(error):
    try:
        return str(error)
    except BaseException:
        return "<unprintable>"


def _report_line(report):
    """REPORT_FD is a socket: unlike a pipe, /proc/self/fd/4 cannot be opened again, so no path the
    program chose (a tmp_path file turned into a symlink) leads a write of the judge into it."""
    data = json.dumps(report).encode() + b"\n"
    while data:
        data = data[os.write(REPORT_FD, data):]


def _taken():
    """Waits until the runner has taken the report, and with it the output written so far: the
    next test's output then cannot be counted as this one's."""
    os.read(REPORT_FD, 1)


def _refusals_told(report, before):
    """A test during which the judge refused to make code of program data is a SandboxViolation,
    whatever the test did with the refusal (an `except Exception` must not turn it into a pass)."""
    if len(judge_audit.refused) == before:
        return report
    events = ", ".join(sorted(set(judge_audit.refused[before:])))
    return {**report, "status": "error", "errorType": "SandboxViolation",
            "errorMessage": f"the test made code of data in the judge ({events} refused)"}


def main(batch, settings, fds):
    """Runs the batch's tests in order, reporting each; never returns."""
    try:
        confine.keep_only_fds([(fd, target) for target, fd in enumerate(fds)])
        _confine(settings)
        judge = Judge(proxy.Program(SOCKET_FD, settings["moduleName"]), settings)
        sys.modules[settings["moduleName"]] = proxy.ProgramModule(judge.program, settings["moduleName"])
        judge_audit.install([settings["shims"], *settings["libraryPath"]], settings["dir"])
        for planned in batch:
            before = len(judge_audit.refused)
            report = _refusals_told(judge.run(planned), before)
            _report_line(report)
            if not report["more"]:
                break
            _taken()
    except BaseException:
        os._exit(70)
    os._exit(0)
