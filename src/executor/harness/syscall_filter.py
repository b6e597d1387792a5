"""The seccomp filter of program processes and of the judge: no other programs, no new namespaces,
no tracing, no network sockets, no way around the filter (io_uring), no moving to another slot's
CPU, no limits, priority or scheduling of any process but the caller.

The rules are compiled by libseccomp (libseccomp.so.2, a dependency of every Debian system and of
the executor image). It is called through ctypes rather than a Python binding on purpose: Debian's
python3-seccomp is built for /usr/bin/python3 only and a PyPI binding would have to be installed
into whatever interpreter runs programs (MURPHY_PYTHON or python3 on PATH, e.g. pyenv's), where the
programs could import it too; the C library works with every CPython. The filter context is built
once in the zygote and exported as BPF; each program process only installs those instructions
(prctl PR_SET_SECCOMP, as seccomp_load would, without compiling the rules again), before any
program code runs.

Denied calls fail with an errno (EPERM, or ENOSYS where the C library then falls back to an older
call: clone3 -> clone), so a program sees an ordinary error and its test fails. The filter stays
for the life of the process and every process it starts; no_new_privs is set with it.
"""
import ctypes
import errno
import os

import system

_ALLOW = 0x7FFF0000
_CMP_NE, _CMP_MASKED_EQ = 1, 7

# Any of these flags in clone()'s first argument creates a namespace.
_CLONE_NEW = (0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000)
_AF_UNIX = 1
_PRIO_PROCESS, _IOPRIO_WHO_PROCESS = 0, 1

# Calls that would let a program leave its sandbox or reach other processes.
_DENIED = (
    "execve", "execveat",  # other programs (not bound by the harness's audit hook)
    "unshare", "setns",  # namespaces
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",  # other processes' memory
    "mount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree", "fsopen", "fsconfig",
    "fsmount", "fspick", "mount_setattr", "open_by_handle_at", "name_to_handle_at",
    "bpf", "perf_event_open", "userfaultfd", "keyctl", "add_key", "request_key", "fanotify_init",
    "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "acct",
    "swapon", "swapoff", "reboot", "sethostname", "setdomainname", "quotactl",
    "sched_setaffinity",  # each slot is pinned to its own CPU (harness/cpus.py)
    "memfd_create", "memfd_secret",  # files of no filesystem: the disk limit could not see them everywhere
)
# ENOSYS: clone3's flags sit in memory a filter cannot read (glibc falls back to clone); io_uring
# performs calls (connect, openat...) that the filter would never see.
_MISSING = ("clone3", "io_uring_setup", "io_uring_enter", "io_uring_register")


class _ArgCmp(ctypes.Structure):
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int), ("datum_a", ctypes.c_uint64), ("datum_b", ctypes.c_uint64)]


def _errno(code):
    return 0x00050000 | (code & 0xFFFF)


def _library():
    try:
        lib = ctypes.CDLL("libseccomp.so.2", use_errno=True)
    except OSError:
        return None
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint, ctypes.POINTER(_ArgCmp)]
    lib.seccomp_export_bpf.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    return lib


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


_PR_SET_NO_NEW_PRIVS, _PR_SET_SECCOMP, _SECCOMP_MODE_FILTER = 38, 22, 2
_BPF_INSTRUCTION_BYTES = 8


class Filter:
    """The rules, compiled by libseccomp in the constructor; `load()` applies them to the calling
    process."""

    def __init__(self, lib):
        self.lib = lib
        self.ctx = lib.seccomp_init(_ALLOW)
        if not self.ctx:
            raise OSError("seccomp_init failed")
        try:
            self._rules()
            program = self._export()
        finally:
            lib.seccomp_release(self.ctx)
        self._buffer = ctypes.create_string_buffer(program, len(program))
        self._program = _SockFprog(len(program) // _BPF_INSTRUCTION_BYTES, ctypes.addressof(self._buffer))
        self._prctl = system.libc().prctl

    def _rules(self):
        for name in _DENIED:
            self._rule(_errno(errno.EPERM), name)
        for name in _MISSING:
            self._rule(_errno(errno.ENOSYS), name)
        for flag in _CLONE_NEW:
            self._rule(_errno(errno.EPERM), "clone", (0, _CMP_MASKED_EQ, flag, flag))
        self._rule(_errno(errno.EACCES), "socket", (0, _CMP_NE, _AF_UNIX, 0))
        # Limits, priority and scheduling of anything but the caller (a neighbour slot, the
        # executor, every process of a user or group): refused unless the target is "this process"
        # (pid/who 0, and for setpriority and ioprio_set the per-process kind). Rules of one call
        # are or-ed: any argument that names another target refuses it.
        for name, which in (("setpriority", _PRIO_PROCESS), ("ioprio_set", _IOPRIO_WHO_PROCESS)):
            self._rule(_errno(errno.EPERM), name, (0, _CMP_NE, which, 0))
            self._rule(_errno(errno.EPERM), name, (1, _CMP_NE, 0, 0))
        for name in ("prlimit64", "sched_setscheduler", "sched_setparam", "sched_setattr", "migrate_pages", "move_pages"):
            self._rule(_errno(errno.EPERM), name, (0, _CMP_NE, 0, 0))

    def _rule(self, action, name, *comparisons):
        number = self.lib.seccomp_syscall_resolve_name(name.encode())
        if number < 0:  # not a call of this architecture (e.g. no kexec_file_load)
            return
        array = (_ArgCmp * max(len(comparisons), 1))(*[_ArgCmp(*c) for c in comparisons])
        code = self.lib.seccomp_rule_add_array(self.ctx, action, number, len(comparisons), array)
        if code != 0:
            raise OSError(-code, f"seccomp rule for {name}: {errno.errorcode.get(-code, code)}")

    def _export(self):
        fd = os.memfd_create("seccomp-bpf")
        try:
            code = self.lib.seccomp_export_bpf(self.ctx, fd)
            if code != 0:
                raise OSError(-code, f"seccomp_export_bpf: {errno.errorcode.get(-code, code)}")
            return os.pread(fd, os.lseek(fd, 0, os.SEEK_END), 0)
        finally:
            os.close(fd)

    def load(self):
        """no_new_privs (required to install a filter without privileges), then the filter."""
        zero = ctypes.c_ulong(0)
        if self._prctl(_PR_SET_NO_NEW_PRIVS, ctypes.c_ulong(1), zero, zero, zero) != 0 or \
                self._prctl(_PR_SET_SECCOMP, ctypes.c_ulong(_SECCOMP_MODE_FILTER), ctypes.byref(self._program), zero, zero) != 0:
            code = ctypes.get_errno()
            raise OSError(code, f"installing the seccomp filter: {os.strerror(code)}")


def prepare():
    """The compiled filter. Raises when libseccomp is missing: programs never run unfiltered."""
    lib = _library()
    if lib is None:
        raise OSError("libseccomp.so.2 not found: install libseccomp2 (scripts/setup.d/20-system.sh)")
    return Filter(lib)
