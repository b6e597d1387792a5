"""Ends every process a run left behind, however it detached, and what it left in shared dirs."""
import os
import resource
import signal
import time

_SHARED_DIRS = ("/tmp", "/var/tmp", "/dev/shm")


def _reap_all():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _alone():
    """True when this process is its user's only one: with RLIMIT_NPROC at 2, fork fails
    (EAGAIN) exactly when another process of the user, zombies included, still exists."""
    resource.setrlimit(resource.RLIMIT_NPROC, (2, 2))
    try:
        pid = os.fork()
    except BlockingIOError:
        return False
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return True


def _kill_as(uid):
    """A helper that becomes `uid`, SIGKILLs all the user's processes and exits 0 when none are
    left (kill(-1) itself cannot tell: it succeeds even when it had no right to signal any)."""
    pid = os.fork()
    if pid == 0:
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            try:
                os.kill(-1, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os._exit(0 if _alone() else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _children():
    """Our live children: from /proc/self/task/*/children where the kernel offers it, else (some
    kernels and sandboxes, e.g. gVisor, lack that file) by reading every process's parent."""
    if not _CHILDREN_FILES:
        return _children_by_scan(os.getpid())
    return _children_of("self")


def _children_by_scan(parent):
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            found.append(int(entry))
    return found


_CHILDREN_FILES = os.path.exists(f"/proc/self/task/{os.getpid()}/children")


def descendants(keep=()):
    """Every live descendant of ours but `keep` (and theirs): what a run's processes are. Where
    the kernel lacks the children files, only our direct children."""
    found, pending = [], [pid for pid in _children() if pid not in keep]
    while pending:
        pid = pending.pop()
        found.append(pid)
        if _CHILDREN_FILES:
            pending.extend(_children_of(pid))
    return found


def _children_of(pid):
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:  # ended meanwhile
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", "rb") as children:
                found.extend(int(child) for child in children.read().split())
        except OSError:  # a thread that ended meanwhile
            continue
    return found


def _leftovers(keep):
    """Whether anything of the run is still alive. We are a subreaper, so every process the run
    started is our descendant, and the first live ancestor of any survivor is our direct child:
    no children (beyond `keep`) means nothing left, and no fork-and-kill pass is needed."""
    _reap_all()
    return any(pid not in keep for pid in _children())


def kill_by_uid(uid):
    """Kill all processes of the slot's user; zombies re-parented to us are reaped as we go."""
    for attempt in range(500):
        code = _kill_as(uid)
        _reap_all()
        if code == 0:
            return True
        time.sleep(0.0005 * min(attempt, 10))
    return False


def kill_descendants(keep):
    """Without a user of its own (not root): kill our children (orphans come to us, the subreaper)."""
    for attempt in range(500):
        victims = [pid for pid in _children() if pid not in keep]
        if not victims:
            return True
        for pid in victims:
            for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
                try:
                    target()
                except OSError:
                    pass
        time.sleep(0.0005 * min(attempt, 10))
        _reap_all()
    return False


def users(settings):
    """The slot's users, when the executor is root: the program's and the judge's."""
    return [uid for uid in (settings.get("uid"), settings.get("judgeUid")) if uid is not None]


def kill_run(uids, keep=()):
    """Ends every process of the run except `keep` (our own helpers, e.g. the forker)."""
    keep = set(keep)
    if not _leftovers(keep):
        return True
    return kill_all(uids, keep)


def kill_all(uids, keep=()):
    """The full pass, also for processes that are not our descendants (a previous zygote's): by
    user (each of the slot's users; neither can start a process of the other), else our descendants."""
    if not uids:
        return kill_descendants(set(keep))
    return all([kill_by_uid(uid) for uid in uids])


def remove_files_of(uids):
    """Files the slot's users left in world-writable dirs (process mode has no private /tmp)."""
    if not uids:
        return
    for directory in _SHARED_DIRS:
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.stat(follow_symlinks=False).st_uid in uids:
                    _remove(entry.path)
            except OSError:
                pass


def _remove(path):
    import shutil

    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        os.unlink(path)
