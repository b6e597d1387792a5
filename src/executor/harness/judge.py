"""The judge: runs the tests in an interpreter of its own, one that never runs program code.

It is forked from the runner (never from a process that ran the program) and imports nothing a
program could have written: its module path is the harness's shims and the interpreter's own
library, never a test directory. Test code runs here unchanged, asserts and all; the program is
reached only through proxy.Program, whose answers are plain data or handles. So every assert the
test reaches is evaluated here, on values the program cannot make lie, and a test passes only
when its code ran to its end here and the program's process was still answering.
"""
import builtins
import importlib
import json
import os
import sys
import types

import bindings
import confine
import explain
import proxy
import testcall
from trim import trim

SOCKET_FD, REPORT_FD = 3, 4
_FIELD_LIMIT = 2000
_TRACEBACK_FRAMES = 12


def _confine(settings):
    """Its own session and limits; files it makes (tmp_path) are readable by the program."""
    os.setsid()
    os.chdir(settings["dir"])
    os.umask(0o022)
    confine.set_limits({"memoryBytes": settings["limits"].get("memoryBytes")})
    os.environ.clear()
    os.environ.update({"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": settings["dir"], "TMPDIR": settings["dir"], "LANG": "C.UTF-8"})
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
        compare = explain.comparer(planned.asserts)
        if planned.kind == "code":
            namespace = {"__name__": "__main__", "__builtins__": builtins, explain.COMPARE: compare}
            self._bind(planned, namespace)
            exec(planned.code, namespace)
            return
        module = types.ModuleType(planned.test_module)
        module.__file__ = planned.test_file
        module.__dict__[explain.COMPARE] = compare
        sys.modules[planned.test_module] = module
        if bindings.imports_everything(planned.tree, self.module_name):
            self._bind(planned, module.__dict__)
        exec(planned.code, module.__dict__)
        testcall.call(module, planned.cls, planned.function, self.settings["dir"])

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
                namespace.update((k, v) for k, v in found.items() if k in names)

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
    data = json.dumps(report).encode() + b"\n"
    while data:
        data = data[os.write(REPORT_FD, data):]


def main(batch, settings, fds):
    """Runs the batch's tests in order, reporting each; never returns."""
    try:
        confine.keep_only_fds([(fd, target) for target, fd in enumerate(fds)])
        _confine(settings)
        judge = Judge(proxy.Program(SOCKET_FD, settings["moduleName"]), settings)
        sys.modules[settings["moduleName"]] = proxy.ProgramModule(judge.program, settings["moduleName"])
        for planned in batch:
            report = judge.run(planned)
            _report_line(report)
            if not report["more"]:
                break
    except BaseException:
        os._exit(70)
    os._exit(0)
