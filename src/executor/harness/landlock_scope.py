"""Landlock: what a program process may reach, enforced by the kernel without any privilege (so
also in a pod that runs as one non-root user with no capabilities).

- files: read-only access to the system, the interpreter and the harness; full access to its own
  test directory only, so no host path (/tmp, /dev/shm, another slot's directory, the harness) is
  writable and no other run's files are readable;
- network: no TCP bind or connect (the seccomp filter also refuses every non-Unix socket);
- scopes (ABI 6): no signals to processes outside its own domain (the executor, the runner, other
  slots) and no connecting to abstract Unix sockets created outside it.
Landlock also refuses ptrace and /proc/PID/mem of processes outside the domain.

Python has no Landlock binding in its standard library and a PyPI one would have to be installed
into the interpreter that runs programs (where programs could import it); the three system calls
and their structures (linux/landlock.h, stable ABI) are called here through ctypes instead.
`restrict()` returns the ABI version enforced, 0 where the kernel has no Landlock (old kernels,
gVisor): the caller reports that (docs/executor.md names what then remains).
"""
import ctypes
import os
import sys

import system

_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446  # the same number on every architecture
_VERSION_FLAG = 1
_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS = 38

# Filesystem rights, by the ABI version that introduced them.
_EXECUTE, _WRITE_FILE, _READ_FILE, _READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_FS_V1 = (1 << 13) - 1  # execute ... make_sym
_REFER, _TRUNCATE, _IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
_FILE_RIGHTS = _EXECUTE | _WRITE_FILE | _READ_FILE | _TRUNCATE | _IOCTL_DEV  # what a rule on a file may grant
_NET_TCP = (1 << 0) | (1 << 1)  # bind, connect (ABI 4)
_SCOPES = (1 << 0) | (1 << 1)  # abstract Unix sockets, signals (ABI 6)

# Read-only for programs: where the system's libraries, data (zoneinfo, locales) and devices are.
_SYSTEM_READ = ("/usr", "/lib", "/lib64", "/lib32", "/libx32", "/bin", "/sbin", "/etc", "/proc", "/sys", "/dev")
_DEVICES_WRITE = ("/dev/null",)


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64), ("scoped", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _syscall():
    call = system.libc().syscall
    call.restype = ctypes.c_long
    return call


def abi_version():
    """The kernel's Landlock ABI version, 0 when it has none (or a filter hides it)."""
    version = _syscall()(_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(_VERSION_FLAG))
    return max(int(version), 0)


def _fs_rights(abi):
    rights = _FS_V1
    if abi >= 2:
        rights |= _REFER
    if abi >= 3:
        rights |= _TRUNCATE
    if abi >= 5:
        rights |= _IOCTL_DEV
    return rights


def readable_paths(harness_dir):
    """The system, the interpreter (its prefixes and import path) and the harness."""
    paths = [*_SYSTEM_READ, sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.realpath(sys.executable)),
             harness_dir, os.environ.get("MPLCONFIGDIR", ""), *sys.path]  # MPLCONFIGDIR: matplotlib's prebuilt cache (matplotlib-cache.ts)
    found = sorted({os.path.realpath(p) for p in paths if p and os.path.exists(p)})
    # A rule covers everything beneath its path: one per outermost directory is enough (and each costs a call per test process).
    outermost = []
    for path in found:
        if not any(path == kept or path.startswith(kept.rstrip("/") + "/") for kept in outermost):
            outermost.append(path)
    return outermost


class Scope:
    """The rules of one program process: prepared in the zygote (readable paths, ABI), applied to
    the calling process by `restrict(writable_dir)`."""

    def __init__(self, harness_dir):
        self.abi = abi_version()
        self.readable = readable_paths(harness_dir)
        self._syscall = _syscall() if self.abi else None

    def restrict(self, writable_dir):
        if not self.abi:
            return 0
        fs = _fs_rights(self.abi)
        attr = _RulesetAttr(fs, _NET_TCP if self.abi >= 4 else 0, _SCOPES if self.abi >= 6 else 0)
        size = ctypes.sizeof(_RulesetAttr) if self.abi >= 6 else (16 if self.abi >= 4 else 8)
        ruleset = self._check(self._syscall(_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0)), "create_ruleset")
        try:
            read = (_READ_FILE | _READ_DIR) & fs
            for path in self.readable:
                self._allow(ruleset, path, read)
            for path in _DEVICES_WRITE:
                self._allow(ruleset, path, (_READ_FILE | _WRITE_FILE | _TRUNCATE) & fs)
            self._allow(ruleset, writable_dir, fs & ~_EXECUTE)
            zero = ctypes.c_ulong(0)
            if system.libc().prctl(_PR_SET_NO_NEW_PRIVS, ctypes.c_ulong(1), zero, zero, zero) != 0:
                raise OSError(ctypes.get_errno(), "no_new_privs")
            self._check(self._syscall(_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)), "restrict_self")
        finally:
            os.close(ruleset)
        return self.abi

    def _allow(self, ruleset, path, rights):
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:  # vanished since the zygote looked: nothing to allow
            return
        try:
            if not os.path.isdir(path):
                rights &= _FILE_RIGHTS
            rule = _PathBeneathAttr(rights, fd)
            self._check(self._syscall(_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(_RULE_PATH_BENEATH), ctypes.byref(rule), ctypes.c_uint32(0)), f"add_rule {path}")
        finally:
            os.close(fd)

    @staticmethod
    def _check(result, what):
        if result < 0:
            code = ctypes.get_errno()
            raise OSError(code, f"landlock {what}: {os.strerror(code)}")
        return int(result)
