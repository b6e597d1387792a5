"""How much a test holds on disk, measured by the runner while the test runs (a program can fill
a memory-backed /tmp faster than any memory limit notices, and no unprivileged process can mount a
size-limited filesystem for it). RLIMIT_FSIZE bounds each file; this bounds the test: the files
its directory lists, and the files its processes keep open after deleting them (or never named:
O_TMPFILE; the seccomp filter refuses memfd), which no directory scan sees. Where the test
directory lies on a filesystem of the slot's own (bwrap's private /tmp), that filesystem's growth
counts too: it also sees the deleted files of processes whose descriptors the runner may not read
(another user's, without CAP_SYS_PTRACE)."""
import os
import stat


class DirectoryLimit:
    """At most `files` entries and `size` bytes (allocated blocks) under `path`, deleted files held
    open by the processes `processes()` names included; `private_filesystem`: nobody else writes
    to the filesystem that holds `path`."""

    def __init__(self, path, size, files, processes=list, private_filesystem=False):
        self.path, self.size, self.files = path, size, files
        self.processes = processes
        self.baseline = _filesystem_used(path) if private_filesystem else None

    def exceeded(self):
        """Why the directory is over its limit, or None. Stops counting at the first limit passed."""
        try:
            return self._count()
        except FileNotFoundError:  # the program removed something while we counted: count again later
            return None
        except OSError:  # e.g. nested past the longest path the system can name
            return "files that cannot be measured (nested too deep?)"

    def _count(self):
        entries = used = 0
        pending = [self.path]
        while pending:
            directory = pending.pop()
            for entry in _listing(directory):
                entries += 1
                if entries > self.files:
                    return f"more than {self.files} files and directories"
                info = entry.stat(follow_symlinks=False)
                used += info.st_blocks * 512
                if used > self.size:
                    return f"more than {self.size} bytes of files"
                if stat.S_ISDIR(info.st_mode):
                    pending.append(entry.path)
        held = used + _open_deleted(self.processes())
        if self.baseline is not None:
            held = max(held, _filesystem_used(self.path) - self.baseline)
        if held > self.size:
            return f"more than {self.size} bytes of files (counting deleted files still open)"
        return None


def _filesystem_used(path):
    info = os.statvfs(path)
    return (info.f_blocks - info.f_bfree) * info.f_frsize


def _open_deleted(pids):
    """Bytes allocated to regular files without a name that these processes hold open: deleted
    or O_TMPFILE files (a file open twice counts once). Processes whose descriptors we may
    not read, or that ended meanwhile, count nothing here."""
    seen, total = set(), 0
    for pid in pids:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                info = os.stat(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            key = (info.st_dev, info.st_ino)
            if stat.S_ISREG(info.st_mode) and info.st_nlink == 0 and key not in seen:
                seen.add(key)
                total += info.st_blocks * 512
    return total


def _listing(directory):
    """The directory's entries; one the program made unreadable is made readable again (it is
    the program's own, inside its test directory)."""
    try:
        with os.scandir(directory) as entries:
            return list(entries)
    except PermissionError:
        os.chmod(directory, 0o700)
        with os.scandir(directory) as entries:
            return list(entries)


def remove_tree(path):
    """Removes a test directory however deep the program nested it: subdirectories are moved up
    to the top level before they are emptied (shutil.rmtree recurses once per level and gives up
    past Python's recursion limit)."""
    try:
        top = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    moved = 0
    try:
        while True:
            subdirectories = _empty_files(top)
            if not subdirectories:
                break
            for name in subdirectories:
                inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=top)
                try:
                    for child in _empty_files(inner):
                        moved += 1
                        os.rename(child, f".moved{moved}", src_dir_fd=inner, dst_dir_fd=top)
                finally:
                    os.close(inner)
                os.rmdir(name, dir_fd=top)
    except OSError:
        pass
    finally:
        os.close(top)
    try:
        os.rmdir(path)
    except OSError:
        pass


def _empty_files(directory_fd):
    """Unlinks every non-directory in the directory; returns the names of its subdirectories."""
    subdirectories = []
    os.chmod(directory_fd, 0o700)
    with os.scandir(directory_fd) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                subdirectories.append(entry.name)
            else:
                os.unlink(entry.name, dir_fd=directory_fd)
    return subdirectories
