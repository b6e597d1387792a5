"""Confines a freshly forked test process before any program code runs in it: its own session,
directory, rlimits and user; Landlock (landlock_scope.py) and the seccomp filter
(syscall_filter.py), both prepared once in the zygote by `prepare()`."""
import fcntl
import os
import resource

import landlock_scope
import syscall_filter

_prepared = {}


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


def drop_privileges(uid):
    """Run as the slot's own unprivileged user (when the executor is root)."""
    if uid is None:
        return
    os.setgroups([])
    os.setgid(uid)
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


def _first_to_be_killed():
    """Should memory run out, the kernel ends program processes before the executor."""
    try:
        with open("/proc/self/oom_score_adj", "w") as adjust:
            adjust.write("1000")
    except OSError:  # not offered (some sandboxes): the memory limits still hold
        pass


def enter(spec):
    """Everything a test process does to itself before reading its task."""
    os.setsid()
    os.chdir(spec["dir"])
    os.umask(0o077)
    set_limits(spec["limits"], spec.get("uid"))
    _first_to_be_killed()
    drop_privileges(spec.get("uid"))
    _prepared["scope"].restrict(spec["dir"])
    _prepared["filter"].load()
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": spec["dir"], "TMPDIR": spec["dir"], "LANG": "C.UTF-8"}
    os.environ.clear()
    os.environ.update(env)
