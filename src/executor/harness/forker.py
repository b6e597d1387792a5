"""A pristine process that forks program processes on the runner's request.

It is forked before the runner reads its job, so program processes inherit no test source and no
expected value from memory. Descriptors come over a Unix socket (SCM_RIGHTS). Each program process
is forked through a short-lived middle process, so it is re-parented to the runner (the
subreaper), which then waits for it directly.
"""
import json
import os
import socket

import oracle


def serve(sock, harness_modules):
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(sock, 1 << 16, 8)
        except OSError:
            os._exit(0)
        if not message:
            os._exit(0)
        spec = json.loads(message)
        pid = _fork_test(spec, fds, harness_modules)
        for fd in fds:
            os.close(fd)
        sock.sendall(f"{pid}\n".encode())


def _fork_test(spec, fds, harness_modules):
    """Double fork; the grandchild's pid comes back through a pipe from the middle process."""
    read_end, write_end = os.pipe()
    middle = os.fork()
    if middle == 0:
        os.close(read_end)
        pid = os.fork()
        if pid == 0:
            os.close(write_end)
            oracle.main(spec, fds, harness_modules)
        os.write(write_end, str(pid).encode())
        os._exit(0)
    os.close(write_end)
    os.waitpid(middle, 0)
    pid = int(os.read(read_end, 32) or b"0")
    os.close(read_end)
    return pid
