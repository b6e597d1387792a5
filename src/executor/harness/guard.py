"""A tripwire in the program's process: an audit hook.

Audit hooks cannot be removed once added. Ours refuses network access, starting other programs and
reaching into process memory (gc, ctypes, crafted code objects, /proc/PID/mem, more audit hooks);
the first attempt also reports the violation and closes the channel to the judge for good, so the
test cannot pass.
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
