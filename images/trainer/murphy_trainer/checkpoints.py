"""Checkpoint directories: transformers' layout (checkpoint-<step>) plus a marker written last, so a
trainer that died while saving resumes from the checkpoint before."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from transformers.trainer import TRAINER_STATE_NAME
from transformers.trainer_utils import PREFIX_CHECKPOINT_DIR

STATE_FILE = TRAINER_STATE_NAME
COMPLETE_MARKER = "murphy-complete"
_NAME = re.compile(rf"^{PREFIX_CHECKPOINT_DIR}-(\d+)$")


def path_for(root: Path, step: int) -> Path:
    return root / f"{PREFIX_CHECKPOINT_DIR}-{step}"


def mark_complete(directory: Path) -> None:
    (directory / COMPLETE_MARKER).write_text("complete\n")


def latest(root: Path) -> Path | None:
    """The complete checkpoint with the highest step, or None."""
    if not root.is_dir():
        return None
    steps = [
        (int(match.group(1)), path)
        for path in root.iterdir()
        if (match := _NAME.match(path.name)) and (path / COMPLETE_MARKER).is_file()
    ]
    return max(steps)[1] if steps else None


def prune_exports(root: Path, keep: int, current: Path) -> None:
    """Deletes all but the `keep` newest exports (inference may still be reading the one before)."""
    exports = sorted((p for p in root.glob("policy-*") if p.is_dir()), key=lambda p: p.stat().st_mtime)
    for old in exports[:-keep]:
        if old != current:
            shutil.rmtree(old, ignore_errors=True)
