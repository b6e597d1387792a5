"""Confines a freshly forked test process (a program's, or the judge) before any program or test
code runs in it: its own session, directory, rlimits and user; Landlock (landlock_scope.py) and
the seccomp filter (syscall_filter.py), both prepared once in the zygote by `prepare()`."""
import fcntl
import os
import resource

import group_modes
import landlock_scope
import syscall_filter
import system

_prepared = {}
# The zygote's environment, which the executor made of the programs' allowlist and defaults
# (src/executor/program-env.ts): every program and judge gets it, under the per-process values below.
_PASSED_ENV = dict(os.environ)


def _user_tasks():
    """Processes and threads of our user that we can see: RLIMIT_NPROC counts all of them, so
    without a user per slot (a non-root executor) a test's limit is this many more than now."""
    uid, count = os.getuid(), 0
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/status", "rb") as status:
                fields = dict(line.split(b":", 1) for line in status.read().splitlines() if b":" in line)
        except (OSError, ValueError):
            continue
        if int(fields.get(b"Uid", b"-1").split()[0]) == uid:
            count += int(fields.get(b"Threads", b"1"))
    return count


def _process_limit(limits, uid):
    processes = limits.get("processes")
    if processes is None or uid is not None or os.getuid() == 0:
        return processes
    return processes + _prepared.get("userTasks", 0)


def set_limits(limits, uid=None):
    """rlimits: address space, CPU seconds, processes, file size, open files, no core dumps."""
    plan = (
        (resource.RLIMIT_AS, limits.get("memoryBytes")),
        (resource.RLIMIT_CPU, limits.get("cpuSeconds")),
        (resource.RLIMIT_NPROC, _process_limit(limits, uid)),
        (resource.RLIMIT_FSIZE, limits.get("fileBytes")),
        (resource.RLIMIT_NOFILE, limits.get("openFiles")),
        (resource.RLIMIT_CORE, 0),
    )
    for which, value in plan:
        if value is None:
            continue
        soft, hard = resource.getrlimit(which)
        value = int(value) if hard == resource.RLIM_INFINITY else min(int(value), hard)
        # The hard limit too: the program must not raise its own limits back.
        resource.setrlimit(which, (value, value))


def drop_privileges(uid, gid=None):
    """Run as the slot's own unprivileged user (when the executor is root), in group `gid` (the
    program's group, which the judge shares so that both can use the files of the test). Leaving
    root clears every capability."""
    if uid is None:
        return
    os.setgroups([])
    os.setgid(uid if gid is None else gid)
    os.setuid(uid)


def keep_only_fds(fd_map):
    """dup2 each (source -> target) then close every other descriptor. The sources are first moved
    above every target, so that no dup2 overwrites a source still to be placed."""
    high = [(fcntl.fcntl(source, fcntl.F_DUPFD, 100), target) for source, target in fd_map]
    for source, target in high:
        os.dup2(source, target, inheritable=True)
    highest = max(target for _, target in fd_map)
    os.closerange(highest + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[0] or 4096)
    for _, target in fd_map:
        os.set_inheritable(target, target <= 2)


def prepare(harness_dir):
    """In the zygote: compiles the seccomp filter and finds what Landlock will allow. Returns what
    will be in force ({"seccomp": True, "landlock": ABI version or 0})."""
    _prepared["filter"] = syscall_filter.prepare()
    _prepared["scope"] = landlock_scope.Scope(harness_dir)
    if os.getuid() != 0:
        _prepared["userTasks"] = _user_tasks()
    return {"seccomp": True, "landlock": _prepared["scope"].abi}


def _dumpable(wanted):
    """Undumpable keeps processes of the same user out of its /proc/PID/fd and memory (changing
    user makes a process undumpable too). A program process of a non-root executor stays dumpable
    so that the runner, of the same user, can count the deleted files it keeps open (disk_usage);
    its Landlock domain keeps every other confined process out."""
    if wanted and _prepared["scope"].abi:
        system.make_dumpable()
    else:
        system.make_undumpable()


def _first_to_be_killed():
    """Should memory run out, the kernel ends program processes before the executor."""
    try:
        with open("/proc/self/oom_score_adj", "w") as adjust:
            adjust.write("1000")
    except OSError:  # not offered (some sandboxes): the memory limits still hold
        pass


def enter(spec, uid=None, gid=None):
    """Everything a test process (a program's, or the judge: both are untrusted) does to itself
    before reading its task: user `uid` (default: the slot's) in group `gid`, files of the test
    shared with that group only, its own Landlock domain (so neither the program nor the judge
    can signal, trace or open /proc entries of the other), the seccomp filter."""
    uid = spec.get("uid") if uid is None else uid
    os.setsid()
    os.chdir(spec["dir"])
    os.umask(0o007)
    if uid is not None:
        group_modes.install()
    set_limits(spec["limits"], uid)
    _first_to_be_killed()
    drop_privileges(uid, gid)
    _prepared["scope"].restrict(spec["dir"])
    _prepared["filter"].load()
    _dumpable(spec.get("dumpable", False))
    env = {**_PASSED_ENV, "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": spec["dir"], "TMPDIR": spec["dir"], "LANG": "C.UTF-8"}
    os.environ.clear()
    os.environ.update(env)
