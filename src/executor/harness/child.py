"""The test process: confines itself, runs the program and its tests, reports on fd 3.

It receives only the program and the rewritten tests (code objects without the expected values),
one task line at a time: the runner sends the next test once the previous one has reported its end.
Every message carries that test's nonce; the runner also ignores exit codes and stdout.
"""
import base64
import fcntl
import io
import json
import marshal
import os
import sys
import types

import confine
import guard
import testcall
from rewrite import OBSERVE
from values import Unencodable, encode

RESULT_FD, REPLY_FD, TASK_FD = 3, 4, 5


def _place_fds(fds):
    """Move the received descriptors to 0..5 (via high numbers so none overwrites another)."""
    high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 100) for fd in fds]
    for fd in fds:
        os.close(fd)
    confine.keep_only_fds([(fd, target) for target, fd in enumerate(high)])


def _task_reader():
    """Returns a function that reads the next task line, None once the runner closed the pipe."""
    buffer = bytearray()

    def next_task():
        while (end := buffer.find(b"\n")) < 0:
            chunk = os.read(TASK_FD, 1 << 16)
            if not chunk:
                return None
            buffer.extend(chunk)
        line = bytes(buffer[:end])
        del buffer[: end + 1]
        return json.loads(line)

    return next_task


def _channel(nonce):
    write, dumps, prefix = os.write, json.dumps, nonce.encode() + b" "

    def send(message):
        data = prefix + dumps(message).encode() + b"\n"
        while data:
            data = data[write(RESULT_FD, data):]

    return send


def _describe(value):
    try:
        return {"e": encode(value)}
    except Unencodable:
        try:
            text = repr(value)
        except BaseException:
            text = f"<{type(value).__name__} object>"
        return {"e": None, "r": text[:2000]}


def _in_process(values):
    try:
        return bool(values[0]) if len(values) == 1 else bool(values[0] == values[1])
    except BaseException:
        return None


def _observer(send):
    read = os.read

    def observe(index, *values):
        message = {"o": index, "v": [_describe(v) for v in values]}
        if any(d["e"] is None for d in message["v"]):
            message["p"] = _in_process(values)
        send(message)
        if read(REPLY_FD, 1) != b"1":
            raise AssertionError

    return observe


def _frames(error, files):
    frames, tb = [], error.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename in files:
            frames.append([code.co_filename, tb.tb_lineno, code.co_name])
        tb = tb.tb_next
    return frames


def _error(error, files):
    try:
        message = str(error)
    except BaseException:
        message = "<unprintable>"
    return {"type": type(error).__name__, "message": message[:4000], "frames": _frames(error, files)}


def _fresh_interpreter_state(task, harness_modules):
    for name in harness_modules:
        sys.modules.pop(name, None)
    sys.path[:] = [os.getcwd(), task["shims"], *task["libraryPath"]]
    main = types.ModuleType("__main__")
    sys.modules["__main__"] = main
    sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)), encoding="utf-8")
    sys.argv = [task["solutionFile"]]
    return main


def _load_solution(task, module):
    module.__file__ = task["solutionFile"]
    with open(task["solutionFile"], encoding="utf-8") as source:
        exec(compile(source.read(), task["solutionFile"], "exec", dont_inherit=True), module.__dict__)


class _Session:
    """What the tests of one process share: the confined interpreter and the loaded program."""

    def __init__(self, first_task, watched, harness_modules):
        self.main = _fresh_interpreter_state(first_task, harness_modules)
        self.watched = watched
        self.solution = None  # the program as a module, once a snippet test loaded it
        self.send = None  # the current test's channel

    def namespace(self, task):
        """Where a snippet test runs: the program's module, loaded by the first snippet test."""
        if self.solution is None:
            module = types.ModuleType(task["moduleName"])
            sys.modules[task["moduleName"]] = module
            _load_solution(task, module)
            self.solution = module
        return self.solution.__dict__

    def reusable(self, task):
        """Whether another test may run here: not after stdin/stdout tests, nor after a program
        that failed to load (the next test must see it load afresh)."""
        return task["kind"] == "module" or (task["kind"] == "code" and self.solution is not None)


def _run(task, session, observe):
    kind = task["kind"]
    if kind == "stdio":
        try:
            _load_solution(task, session.main)
        except SystemExit as stop:
            if stop.code not in (None, 0):
                raise
        return None
    test_code = marshal.loads(base64.b64decode(task["code"]))
    if kind == "code":
        namespace = session.namespace(task)
    else:
        module = types.ModuleType(task["testModule"])
        module.__file__ = task["testFile"]
        sys.modules[task["testModule"]] = module
        namespace = module.__dict__
    tampered = guard.changed(session.watched)
    if tampered:
        return tampered
    namespace[OBSERVE] = observe
    exec(test_code, namespace)
    if kind == "module":
        testcall.call(module, task["cls"], task["function"], os.getcwd())
    return None


def _test(task, session):
    """Runs one test and reports its end; True when this process may run another test."""
    session.send = send = _channel(task["nonce"])
    files = {task["solutionFile"], task.get("testFile")}
    try:
        tampered = _run(task, session, _observer(send)) or guard.changed(session.watched)
        if tampered:
            send({"tamper": f"replaced {tampered}"})
            return False
        more = session.reusable(task)
        send({"done": 1, "more": more})
        return more
    except BaseException as error:  # SystemExit, KeyboardInterrupt and custom BaseExceptions too
        try:
            more = session.reusable(task)
            send({"error": _error(error, files), "more": more})
            return more
        except BaseException:
            return False


def main(spec, fds, watched, harness_modules):
    """Never returns: the test process ends with os._exit whatever the program did."""
    try:
        _place_fds(fds)
        confine.enter(spec)
        next_task = _task_reader()
        task = next_task()
        session = _Session(task, watched, harness_modules)
        guard.install(lambda event: session.send({"tamper": f"used {event}"}), (RESULT_FD, REPLY_FD))
    except BaseException:
        os._exit(70)
    try:
        while task is not None and _test(task, session):
            task = next_task()
    except BaseException:  # the task pipe was tampered with: nothing more can be trusted here
        pass
    os._exit(0)
