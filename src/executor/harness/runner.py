"""The runner: one per request, forked warm by the zygote. Reads its job and runs its tests, a
batch at a time: the program in a fresh process forked by the pristine forker (so it inherits no
test), the tests in a fresh judge forked from here (so it never ran program code), the two joined
by a socket. A batch is a run of tests that may share the program's process; any test that did
not end normally ends it, and the next test gets fresh processes. Then it cleans up and writes one
result line."""
import json
import os
import socket
import time

import forker
import judge
import reaper
import supervise
import system
from collect import collect
from disk_usage import DirectoryLimit, remove_tree
from explain import compile_test
from verdicts import Planned, result, stdio_result


def _read_job():
    data = bytearray()
    while not data.endswith(b"\n"):
        chunk = os.read(0, 1 << 20)
        if not chunk:
            return None
        data += chunk
    return json.loads(data)


def _plan_source(name, kind, source, file_name):
    """Planned tests of a snippet or module test; a test that does not parse fails alone."""
    try:
        code, tree, asserts = compile_test(source, file_name)
    except (SyntaxError, ValueError) as error:
        return [Planned(name, kind, problem=(type(error).__name__, f"{file_name}: {error}"))]
    fields = {"code": code, "tree": tree, "asserts": asserts, "sources": {file_name: source}, "test_file": file_name}
    if kind == "code":
        return [Planned(name, kind, **fields)]
    found = collect(tree)
    if not found:
        return [Planned(name, kind, problem=("CollectionError", "no test_* functions or Test* classes found"))]
    return [Planned("::".join([name] + ([cls] if cls else []) + [function]), kind, function=function, cls=cls, **fields)
            for cls, function in found]


def plan(job):
    planned = []
    for index, test in enumerate(job["tests"]):
        name = test.get("name") or f"test_{index}"
        if test["kind"] == "stdio":
            planned.append(Planned(name, "stdio", stdin=test.get("stdin", ""), stdout=test.get("stdout", "")))
        else:
            planned.extend(_plan_source(name, test["kind"], test["source"], f"test_{index}.py"))
    return planned


class Run:
    def __init__(self, job, settings, forker_socket, forker_pid):
        self.job = job
        self.settings = settings
        self.socket = forker_socket
        self.forker_pid = forker_pid
        self.uid = settings.get("uid")
        self.users = reaper.users(settings)
        self.limits = {**settings["limits"], **job.get("limits", {})}
        self.module = job.get("moduleName") or "solution"
        self.deadline = time.monotonic() + float(job.get("timeoutSeconds") or 10)

    def execute(self):
        planned = plan(self.job)
        for item in planned:
            item.sources[f"{self.module}.py"] = self.job["code"]
        results = []
        while len(results) < len(planned):
            results.extend(self._batch(planned, len(results)))
        return results

    def _batch(self, planned, start):
        """Runs tests from `start` on with one program process; returns the results of those it
        ran (at least one)."""
        first = planned[start]
        if first.problem is not None:
            kind, message = first.problem
            return [{"name": first.name, "passed": False, "status": "error", "errorType": kind,
                     "errorMessage": message, "durationSeconds": 0}]
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            return [{"name": first.name, "passed": False, "status": "timeout", "errorType": "Timeout",
                     "errorMessage": "the request's time limit ran out before this test started", "durationSeconds": 0}]
        batch = planned[start:_batch_end(planned, start)]
        directory = self._directory(start)
        cpu_seconds = min(remaining, self._test_seconds(remaining) * len(batch))
        try:
            if first.kind == "stdio":
                return [self._stdio(first, directory, cpu_seconds)]
            return self._judged(batch, directory, cpu_seconds)
        finally:
            reaper.kill_run(self.users, keep={self.forker_pid})
            remove_tree(directory)

    def _test_seconds(self, remaining):
        return min(remaining, float(self.job.get("testTimeoutSeconds") or remaining))

    def _directory(self, index):
        """The batch's directory, the program's own: it holds the program and tmp_path. With a
        user per slot, the judge (a user of its own) shares the program's group: the directories
        are that group's and setgid, and both processes' umask is 007, so every file either makes
        is the other's to read and write, and nobody else's."""
        directory = os.path.join(self.settings["runDir"], f"t{index}")
        remove_tree(directory)
        os.makedirs(directory, mode=0o700)
        path = os.path.join(directory, f"{self.module}.py")
        with open(path, "w", encoding="utf-8") as solution:
            solution.write(self.job["code"])
        os.mkdir(os.path.join(directory, "tmp_path"), 0o700)
        if self.uid is not None:
            for item in (directory, path, os.path.join(directory, "tmp_path")):
                os.chown(item, self.uid, self.uid)
                os.chmod(item, 0o660 if item == path else 0o2770)
        return directory

    def _directory_limit(self, directory):
        return DirectoryLimit(directory, self.limits["directoryBytes"], self.limits["directoryFiles"],
                              lambda: reaper.descendants({self.forker_pid}), bool(self.settings.get("privateTmp")))

    def _spec(self, kind, directory, cpu_seconds):
        return {"dir": directory, "limits": {**self.limits, "cpuSeconds": int(cpu_seconds) + 1}, "uid": self.uid,
                "kind": kind, "moduleName": self.module, "solutionFile": os.path.join(directory, f"{self.module}.py"),
                "libraryPath": self.settings["libraryPath"], "dumpable": self.uid is None}

    def _start_program(self, spec, stdin, out, err, channel):
        """Forks the program's process through the forker; it gets only these descriptors."""
        theirs = [stdin, out, err, channel]
        socket.send_fds(self.socket, [json.dumps(spec).encode()], theirs)
        return int(self.socket.recv(32).strip() or b"0")

    def _stdio(self, planned, directory, cpu_seconds):
        out, err, channel = os.pipe(), os.pipe(), os.pipe()
        stdin = _memfd(planned.stdin)
        pid = self._start_program(self._spec("stdio", directory, cpu_seconds), stdin, out[1], err[1], channel[1])
        for fd in (stdin, out[1], err[1], channel[1]):
            os.close(fd)
        process = supervise.Supervised({"program": pid}, "program", (out[0], err[0], channel[0]), self.limits["outputBytes"],
                                       self._directory_limit(directory))
        try:
            seconds = self._test_seconds(self.deadline - time.monotonic())
            outcome, reports = process.watch(time.monotonic() + seconds, until_report=False)
        finally:
            process.stop()
        return stdio_result(planned, reports, outcome, {**self.limits, "testSeconds": seconds})

    def _judged(self, batch, directory, cpu_seconds):
        """The judge reports on a socket, not a pipe: /proc/self/fd cannot open a socket again, so
        neither process can reach the channel through a path (see judge._report_line)."""
        out, err = os.pipe(), os.pipe()
        judge_end, program_end = socket.socketpair()
        report, report_end = socket.socketpair()
        stdin = os.open(os.devnull, os.O_RDONLY)
        spec = self._spec(batch[0].kind, directory, cpu_seconds)
        program = self._start_program(spec, stdin, out[1], err[1], program_end.fileno())
        program_end.close()
        settings = {**spec, "shims": self.settings["shims"], "judgeUid": self.settings.get("judgeUid")}
        judge_pid = os.fork()
        if judge_pid == 0:
            self.socket.close()
            judge.main(batch, settings, [stdin, out[1], err[1], judge_end.fileno(), report_end.fileno()])
        judge_end.close()
        report_end.close()
        for fd in (stdin, out[1], err[1]):
            os.close(fd)
        processes = supervise.Supervised({"judge": judge_pid, "program": program}, "judge", (out[0], err[0], report.fileno()),
                                         self.limits["outputBytes"], self._directory_limit(directory))
        try:
            return self._watch(batch, processes)
        finally:
            processes.stop()
            report.close()

    def _watch(self, batch, processes):
        results = []
        for planned in batch:
            remaining = self.deadline - time.monotonic()
            if results and remaining <= 0:
                break
            seconds = self._test_seconds(remaining)
            outcome, report = processes.watch(time.monotonic() + seconds, until_report=True)
            if report is not None and report.get("gone"):
                processes.settle("program")
            results.append(result(planned, report, outcome, processes.statuses, {**self.limits, "testSeconds": seconds}))
            # A batch ends only when the judge says so; it starts its next test once told that
            # this report and the output before it are taken.
            if not (report is not None and report.get("more") is True):
                break
            processes.taken()
        return results


def _memfd(text):
    fd = os.memfd_create("stdin")
    os.write(fd, text.encode())
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def _batch_end(planned, start):
    """End of the run of tests from `start` that may share one process: snippets with snippets,
    test functions with test functions (stdin/stdout tests each need a fresh interpreter)."""
    kind = planned[start].kind
    end = start + 1
    if kind == "stdio":
        return end
    while end < len(planned) and planned[end].kind == kind and planned[end].problem is None:
        end += 1
    return end


def main(settings, harness_modules):
    system.make_subreaper()
    system.make_undumpable()
    ours, theirs = socket.socketpair()
    forker_pid = os.fork()
    if forker_pid == 0:
        ours.close()
        forker.serve(theirs, harness_modules)
    theirs.close()
    job = _read_job()
    if job is None:
        os._exit(3)
    results = Run(job, settings, ours, forker_pid).execute()
    ours.close()
    os.waitpid(forker_pid, 0)
    reaper.kill_run(reaper.users(settings))
    reaper.remove_files_of(reaper.users(settings))
    line = json.dumps({"results": results}).encode() + b"\n"
    _write_stdout(line)
    os._exit(0)


def _write_stdout(data):
    while data:
        data = data[os.write(1, data):]
