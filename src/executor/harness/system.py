"""Linux process controls: prctl (which Python's standard library lacks), CPU affinity."""
import ctypes
import ctypes.util
import os

_PR_SET_PDEATHSIG = 1
_PR_SET_DUMPABLE = 4
_PR_SET_CHILD_SUBREAPER = 36

try:
    _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
except OSError:  # no libc to call: the process keeps the kernel's defaults
    _libc = None


def libc():
    """The C library, for calls Python lacks (seccomp and Landlock setup)."""
    if _libc is None:
        raise OSError("the C library cannot be loaded")
    return _libc


def _prctl(option, value):
    return _libc is not None and _libc.prctl(option, value, 0, 0, 0) == 0


def make_subreaper():
    """Orphaned descendants are re-parented here, so a run's cleanup can find and reap them."""
    return _prctl(_PR_SET_CHILD_SUBREAPER, 1)


def make_undumpable():
    """Keeps other processes of the same user out of /proc/PID/fd and ptrace of this one."""
    return _prctl(_PR_SET_DUMPABLE, 0)


def make_dumpable():
    return _prctl(_PR_SET_DUMPABLE, 1)


def die_with_parent(signal_number):
    return _prctl(_PR_SET_PDEATHSIG, signal_number)


def pin_to_cpu(index):
    """Keeps this process and all it starts on one of the CPUs we may use (the `index`-th, cycling):
    with no more slots than CPUs, one slot's busy processes cannot take another slot's CPU
    (programs cannot move: the seccomp filter refuses sched_setaffinity). Returns the CPU."""
    if index is None:
        return None
    cpus = sorted(os.sched_getaffinity(0))
    cpu = cpus[index % len(cpus)]
    os.sched_setaffinity(0, {cpu})
    return cpu
