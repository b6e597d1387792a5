"""A tripwire in the program's process: an audit hook.

The program never shares an interpreter with the judge, so what it does to its own process (gc,
ctypes, frames, code objects) can change only its own answers: libraries do all of that in
ordinary use (scikit-learn and `import asyncio` make code objects, threadpoolctl loads libraries
with ctypes, matplotlib runs `fc-list`), and none of it is refused here. Starting another program
is refused by the seccomp filter (syscall_filter.py: the program gets PermissionError, as from any
refused call) and files by Landlock (landlock_scope.py).

What remains here are attempts that reach beyond the process and that no honest program makes: a
network socket's connect, bind or send (the filter already refuses creating one; this names the
attempt), and opening process or kernel memory (/proc/PID/mem, maps, pagemap, /dev/mem), which
Landlock refuses for processes outside the program's domain but a kernel without Landlock would
not. The first such attempt reports the violation and closes the channel to the judge for good,
so the test cannot pass. The hook cannot be removed; code that calls the C library directly
(ctypes) passes it, and then meets the kernel's refusals alone.
"""
import os
import re
import socket
import sys

_NETWORK = frozenset({"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"})


def install(report_tamper, channel_fds):
    """Adds the audit hook; `report_tamper(event)` runs once, before the channel closes."""
    tripped = []
    close = os.close
    network = _NETWORK
    unix = socket.AF_UNIX
    memory = _MEMORY_PATH.match

    def hook(event, args):
        if (event in network and _family(args) != unix) or (event == "open" and _is_process_memory(args, memory)):
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


def _family(args):
    """The address family of the socket an event is about (Unix sockets stay inside the sandbox:
    asyncio's and multiprocessing's own)."""
    try:
        return args[0].family
    except (AttributeError, IndexError, TypeError):
        return None


_MEMORY_PATH = re.compile(r"^(/proc/[^/]+(/task/[^/]+)?/(mem|maps|pagemap)|/dev/k?mem)$")


def _is_process_memory(args, memory):
    path = args[0] if args else None
    if isinstance(path, bytes):
        path = path.decode("utf-8", "replace")
    return isinstance(path, str) and memory(os.path.normpath(path)) is not None
