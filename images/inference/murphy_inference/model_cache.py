"""Built-in models in murphy's cache (${MURPHY_CACHE:-~/.cache/murphy}/models/<name>): written once into a
staging directory and renamed into place, tagged with a version, rebuilt when the version changes."""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

# The marker's name predates the coder; kept so that caches shared with older checkouts stay valid.
VERSION_FILE = "murphy-tiny-version"


def cache_root() -> Path:
    return Path(os.environ.get("MURPHY_CACHE") or Path.home() / ".cache" / "murphy")


def build_into(directory: Path, version: str, write: Callable[[Path], None]) -> Path:
    """Runs `write(staging)` and puts the result at `directory` (replacing what is there)."""
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", dir=directory.parent))
    try:
        write(staging)
        (staging / VERSION_FILE).write_text(version + "\n")
        if directory.exists():
            shutil.rmtree(directory)
        staging.rename(directory)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return directory


def is_current(directory: Path, version: str) -> bool:
    marker = Path(directory) / VERSION_FILE
    return marker.is_file() and marker.read_text().strip() == version


def ensure(target: Path, version: str, build: Callable[[Path], Path]) -> Path:
    """`target`, built first if it is missing or from another version. Processes that start together
    (torchrun ranks, test servers, inference and trainer) build it once: the others wait on a lock file."""
    if is_current(target, version):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f".{target.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return target if is_current(target, version) else build(target)
