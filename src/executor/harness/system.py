"""Linux process controls Python's standard library lacks (prctl), used when available."""
import ctypes
import ctypes.util

_PR_SET_PDEATHSIG = 1
_PR_SET_DUMPABLE = 4
_PR_SET_CHILD_SUBREAPER = 36

try:
    _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
except OSError:  # no libc to call: the process keeps the kernel's defaults
    _libc = None


def _prctl(option, value):
    return _libc is not None and _libc.prctl(option, value, 0, 0, 0) == 0


def make_subreaper():
    """Orphaned descendants are re-parented here, so a run's cleanup can find and reap them."""
    return _prctl(_PR_SET_CHILD_SUBREAPER, 1)


def make_undumpable():
    """Keeps other processes of the same user out of /proc/PID/fd and ptrace of this one."""
    return _prctl(_PR_SET_DUMPABLE, 0)


def die_with_parent(signal_number):
    return _prctl(_PR_SET_PDEATHSIG, signal_number)
