"""Confines a freshly forked test process before any program code runs in it."""
import os
import resource


def set_limits(limits):
    """rlimits: address space, CPU seconds, processes, file size, open files, no core dumps."""
    plan = (
        (resource.RLIMIT_AS, limits.get("memoryBytes")),
        (resource.RLIMIT_CPU, limits.get("cpuSeconds")),
        (resource.RLIMIT_NPROC, limits.get("processes")),
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
    """dup2 each (source -> target) then close every other descriptor."""
    for source, target in fd_map:
        if source != target:
            os.dup2(source, target, inheritable=True)
    highest = max(target for _, target in fd_map)
    os.closerange(highest + 1, resource.getrlimit(resource.RLIMIT_NOFILE)[0] or 4096)
    for _, target in fd_map:
        os.set_inheritable(target, target <= 2)


def enter(spec):
    """Everything a test process does to itself before reading its task."""
    os.setsid()
    os.chdir(spec["dir"])
    os.umask(0o077)
    set_limits(spec["limits"])
    drop_privileges(spec.get("uid"))
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": spec["dir"], "TMPDIR": spec["dir"], "LANG": "C.UTF-8"}
    os.environ.clear()
    os.environ.update(env)
