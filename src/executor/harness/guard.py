"""Tripwires in the test process: an audit hook and a snapshot of shared modules.

Audit hooks cannot be removed once added. Ours refuses operations that reach into the harness's
memory (gc, ctypes, crafted code objects, /proc/PID/mem, more audit hooks); the first attempt also
reports the tampering and closes the result channel for good, so nothing after it can pass.
The snapshot catches programs that replace builtins or helpers tests use (math.isclose,
unittest.TestCase.assertEqual, ...).
"""
import os
import re
import sys

_BLOCKED = frozenset({
    "gc.get_objects", "gc.get_referrers", "gc.get_referents", "sys.addaudithook", "code.__new__",
    "ctypes.dlopen", "ctypes.dlsym", "ctypes.dlsym/handle", "ctypes.cdata", "ctypes.cdata/buffer",
    "ctypes.addressof", "ctypes.call_function", "ctypes.string_at", "ctypes.wstring_at",
    "sys._current_frames", "sys.settrace", "sys.setprofile", "function.__new__",
    # No network and no other programs, in every sandbox mode (process mode has no network
    # namespace; other programs would not be bound by this hook).
    "socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
    "socket.gethostbyname", "socket.gethostbyaddr", "os.exec", "os.posix_spawn", "os.spawn",
    "os.system", "subprocess.Popen", "pty.spawn",
})
# Preloaded modules whose attributes tests rely on; replacing one of them is tampering.
WATCHED_MODULES = (
    "builtins", "math", "cmath", "operator", "functools", "itertools", "collections", "re", "string",
    "heapq", "bisect", "copy", "json", "random", "statistics", "decimal", "fractions", "unittest",
    "unittest.case", "typing", "sys", "os", "io",
)


def snapshot(extra_classes=()):
    """(namespace dict, key, value) for every attribute of the watched modules and classes."""
    entries = []
    spaces = [sys.modules[name].__dict__ for name in WATCHED_MODULES if name in sys.modules]
    spaces += [cls.__dict__ for cls in extra_classes]
    for space in spaces:
        entries.extend((space, key, value) for key, value in list(space.items()) if key not in _VOLATILE)
    return entries


_VOLATILE = frozenset({"__builtins__", "_", "__loader__", "__spec__", "stdin", "stdout", "stderr",
                       "__stdin__", "__stdout__", "__stderr__", "environ", "path", "modules",
                       "path_importer_cache", "meta_path", "path_hooks", "last_type", "last_value",
                       "last_traceback", "_getrandbits", "_inst", "environb", "argv", "ps1", "ps2"})


def changed(entries):
    """Name of the first watched attribute that was replaced, or None."""
    missing = object()
    for space, key, value in entries:
        if space.get(key, missing) is not value:
            owner = space.get("__name__") or space.get("__qualname__") or "?"
            return f"{owner}.{key}"
    return None


def install(report_tamper, channel_fds):
    """Adds the audit hook; `report_tamper(event)` runs once, before the channel closes."""
    tripped = []
    close = os.close
    blocked = _BLOCKED
    memory = _MEMORY_PATH.match

    def hook(event, args):
        if event in blocked or (event == "open" and _is_process_memory(args, memory)):
            if not tripped:
                tripped.append(event)
                report_tamper(event)
                for fd in channel_fds:
                    try:
                        close(fd)
                    except OSError:
                        pass
            raise PermissionError(f"{event} is not allowed in the sandbox")

    sys.addaudithook(hook)


_MEMORY_PATH = re.compile(r"^(/proc/[^/]+(/task/[^/]+)?/(mem|maps|pagemap)|/dev/k?mem)$")


def _is_process_memory(args, memory):
    path = args[0] if args else None
    if isinstance(path, bytes):
        path = path.decode("utf-8", "replace")
    return isinstance(path, str) and memory(os.path.normpath(path)) is not None
