"""The zygote: a warm interpreter that never runs program code. It preloads the harness and the
modules programs commonly import, then forks one runner per request and reports when each ends.

Protocol on stdin/stdout, one JSON object per line: the zygote says {"ready": ...} once; for each
job line written to stdin the runner answers {"results": [...]} and the zygote then {"done": N}
(N is the runner's exit code; anything but 0 means the run must be counted as failed).
"""
import json
import os
import signal
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(1, os.path.join(HERE, "shims"))

# Modules programs import most, loaded once here so that every fork starts with them.
PRELOAD = (
    "math", "cmath", "re", "collections", "itertools", "functools", "heapq", "bisect", "string",
    "typing", "operator", "copy", "json", "random", "datetime", "decimal", "fractions",
    "statistics", "array", "unittest", "dataclasses", "enum", "textwrap", "io", "pathlib",
    "inspect", "traceback", "hashlib", "struct", "queue", "threading", "time",
)


def _harness():
    import judge  # noqa: F401  (loads every harness module before the first fork)
    import oracle  # noqa: F401
    import runner
    import system

    return runner, system


def _confinement(settings, system):
    """Pins the slot to its CPU and prepares what confines each program process; what is in force
    goes into the ready message."""
    import confine

    return {**confine.prepare(HERE), "cpu": system.pin_to_cpu(settings.get("cpu"))}


def _traversable(path):
    """The harness's parent folders let every user through (bwrap makes /murphy 0700): judges run
    as a user of their own and import the shims from here."""
    parent = os.path.dirname(path)
    while parent != "/":
        mode = os.stat(parent).st_mode
        if mode & 0o111 != 0o111:
            try:
                os.chmod(parent, mode | 0o111)
            except OSError:  # not ours to change: a judge of its own user then fails to start, visibly
                pass
        parent = os.path.dirname(parent)


def _write(message):
    data = json.dumps(message).encode() + b"\n"
    while data:
        data = data[os.write(1, data):]


def _stop_on_term(current, uids, reaper):
    """SIGTERM from the executor (a cancelled or timed-out run): end the runner and every process
    of its run, then exit; the executor starts a fresh zygote."""

    def stop(_signum, _frame):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if current:
            try:
                os.kill(current[0], signal.SIGKILL)
                os.waitpid(current[0], 0)
            except OSError:
                pass
        reaper.kill_run(uids)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)


def main():
    settings = json.loads(sys.argv[1])
    for name in PRELOAD:
        __import__(name)
    runner, system = _harness()
    confinement = _confinement(settings, system)
    if settings.get("judgeUid") is not None:
        _traversable(HERE)
    import reaper

    system.make_subreaper()
    system.make_undumpable()
    harness_dirs = (HERE, os.path.join(HERE, "shims"))
    harness_modules = [name for name, module in sys.modules.items()
                       if os.path.dirname(getattr(module, "__file__", None) or "") in harness_dirs]
    settings["libraryPath"] = [p for p in sys.path if p not in harness_dirs]
    settings["shims"] = os.path.join(HERE, "shims")
    reaper.kill_all(reaper.users(settings))  # leftovers of a zygote stopped before us
    current = []
    _stop_on_term(current, reaper.users(settings), reaper)
    _write({"ready": True, "python": sys.version.split()[0], "pid": os.getpid(), "confinement": confinement})
    while True:
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            runner.main(settings, harness_modules)
        current[:] = [pid]
        _, status = os.waitpid(pid, 0)
        current.clear()
        code = os.waitstatus_to_exitcode(status)
        if code == 3:
            return
        reaper.kill_run(reaper.users(settings))
        _write({"done": code})


if __name__ == "__main__":
    main()
