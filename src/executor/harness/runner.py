"""The runner: one per request, forked warm by the zygote. Reads its job, runs its tests in fresh
test processes forked by the pristine forker (one process for a run of snippets or of test
functions, a new one after any test that did not end normally), judges, cleans up, writes one
result line."""
import ast
import base64
import json
import marshal
import os
import secrets
import socket
import time

import forker
import reaper
import supervise
import system
from collect import collect
from disk_usage import DirectoryLimit, remove_tree
from rewrite import rewrite
from verdicts import Observations, Planned, result


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
        code, checks = rewrite(source, file_name)
        tree = ast.parse(source, file_name) if kind == "module" else None
    except (SyntaxError, ValueError) as error:
        return [Planned(name, kind, problem=(type(error).__name__, f"{file_name}: {error}"))]
    fields = {"code": code, "checks": checks, "sources": {file_name: source}, "test_file": file_name}
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
        """Runs tests from `start` on in one fresh test process; returns the results of those it
        ran (at least one). The process goes on to the next test only while the tests share a
        kind that allows it and each test ended normally; anything else ends it, and the next
        test gets a fresh process."""
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
        try:
            return self._in_process(batch, directory, min(remaining, self._test_seconds(remaining) * len(batch)))
        finally:
            reaper.kill_run(self.uid, keep={self.forker_pid})
            remove_tree(directory)

    def _test_seconds(self, remaining):
        return min(remaining, float(self.job.get("testTimeoutSeconds") or remaining))

    def _directory(self, index):
        directory = os.path.join(self.settings["runDir"], f"t{index}")
        remove_tree(directory)
        os.makedirs(directory, mode=0o700)
        path = os.path.join(directory, f"{self.module}.py")
        with open(path, "w", encoding="utf-8") as solution:
            solution.write(self.job["code"])
        if self.uid is not None:
            for item in (directory, path):
                os.chown(item, self.uid, self.uid)
        return directory

    def _task(self, planned, directory, nonce):
        task = {"nonce": nonce, "kind": planned.kind, "moduleName": self.module, "shims": self.settings["shims"],
                "libraryPath": self.settings["libraryPath"],
                "solutionFile": os.path.join(directory, f"{self.module}.py"), "function": planned.function,
                "cls": planned.cls}
        if planned.code is not None:
            task["code"] = base64.b64encode(marshal.dumps(planned.code)).decode()
            task["testFile"] = planned.test_file
            task["testModule"] = os.path.splitext(planned.test_file)[0]
        return json.dumps(task).encode()

    def _stdin(self, planned):
        fd = os.memfd_create("stdin")
        os.write(fd, planned.stdin.encode())
        os.lseek(fd, 0, os.SEEK_SET)
        return fd

    def _start(self, planned, directory, cpu_seconds):
        """Forks a test process through the forker; returns it with our ends of its pipes."""
        limits = {**self.limits, "cpuSeconds": int(cpu_seconds) + 1}
        out, err, channel, reply, task = os.pipe(), os.pipe(), os.pipe(), os.pipe(), os.pipe()
        stdin = self._stdin(planned)
        spec = {"dir": directory, "limits": limits, "uid": self.uid}
        theirs = [stdin, out[1], err[1], channel[1], reply[0], task[0]]
        socket.send_fds(self.socket, [json.dumps(spec).encode()], theirs)
        pid = int(self.socket.recv(32).strip() or b"0")
        for fd in theirs:
            os.close(fd)
        os.set_blocking(reply[1], False)
        disk = DirectoryLimit(directory, self.limits["directoryBytes"], self.limits["directoryFiles"])
        process = supervise.Supervised(pid, (out[0], err[0], channel[0]), self.limits["outputBytes"], disk)
        return process, (out[0], err[0], channel[0], reply[1], task[1])

    def _in_process(self, batch, directory, cpu_seconds):
        process, ours = self._start(batch[0], directory, cpu_seconds)
        task_pipe, reply = ours[4], ours[3]
        results = []
        try:
            for planned in batch:
                remaining = self.deadline - time.monotonic()
                if results and remaining <= 0:
                    break
                seconds = self._test_seconds(remaining)
                nonce = secrets.token_hex(16)
                seen = Observations(planned, nonce, reply)
                _write_all(task_pipe, self._task(planned, directory, nonce) + b"\n")
                outcome = process.watch(time.monotonic() + seconds, lambda: seen.end is not None, seen.on_line)
                results.append(result(planned, seen, outcome, {**self.limits, "testSeconds": seconds}))
                if not (seen.more and process.alive):
                    break
        finally:
            process.stop()
            for fd in ours:
                os.close(fd)
        return results


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


def _write_all(fd, data):
    try:
        while data:
            data = data[os.write(fd, data):]
    except OSError:  # the test process died before reading its task: it will report nothing
        pass


def main(settings, watched, harness_modules):
    system.make_subreaper()
    system.make_undumpable()
    ours, theirs = socket.socketpair()
    forker_pid = os.fork()
    if forker_pid == 0:
        ours.close()
        forker.serve(theirs, watched, harness_modules)
    theirs.close()
    job = _read_job()
    if job is None:
        os._exit(3)
    results = Run(job, settings, ours, forker_pid).execute()
    ours.close()
    os.waitpid(forker_pid, 0)
    reaper.kill_run(settings.get("uid"))
    reaper.remove_files_of(settings.get("uid"))
    line = json.dumps({"results": results}).encode() + b"\n"
    _write_stdout(line)
    os._exit(0)


def _write_stdout(data):
    while data:
        data = data[os.write(1, data):]
