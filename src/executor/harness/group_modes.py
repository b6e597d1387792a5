"""Files a test process makes are its group's too, whatever mode they are made with.

With a user per slot the program and the judge are two users in one group (runner.py's test
directory), and the umask 007 shares what either makes. But modes asked for explicitly are not
widened by a umask: tempfile makes directories 0700 and files 0600, so a directory a test's setUp
makes with tempfile.mkdtemp() would be closed to the program it hands the path to, and a program's
NamedTemporaryFile to the test that reads it. So os.mkdir and os.open give the group what they
give the owner (tempfile, os.makedirs and pathlib call them); the umask still keeps others out.
"""
import functools
import os


def _with_group(mode):
    return mode | ((mode & 0o700) >> 3)


def install():
    mkdir, open_file = os.mkdir, os.open

    @functools.wraps(mkdir)
    def shared_mkdir(path, mode=0o777, *, dir_fd=None):
        return mkdir(path, _with_group(mode), dir_fd=dir_fd)

    @functools.wraps(open_file)
    def shared_open(path, flags, mode=0o777, *, dir_fd=None):
        return open_file(path, flags, _with_group(mode), dir_fd=dir_fd)

    os.mkdir, os.open = shared_mkdir, shared_open
