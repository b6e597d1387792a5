"""TensorBoard event files through tensorboardX's SummaryWriter, under tracking/tensorboard in the
run directory: `tensorboard --logdir runs/<name>/tracking/tensorboard` shows them."""

from __future__ import annotations

import os
import time
from pathlib import Path

import yaml
from tensorboardX import SummaryWriter

from .cursor import Cursor
from .tracker import ValuesTracker


class TensorboardTracker(ValuesTracker):
    name = "tensorboard"

    def __init__(self, log_dir: Path, spec: dict):
        self.log_dir = log_dir
        self.spec = spec
        self.writer: SummaryWriter | None = None

    def open(self, cursor: Cursor) -> int:
        # Event files are named by the second they are opened in: a follower restarted within the
        # same second would overwrite the last one's file without a suffix of its own.
        self.writer = SummaryWriter(logdir=str(self.log_dir), filename_suffix=f".{os.getpid()}.{time.time_ns()}")
        return cursor.step

    def log_params(self, params: dict[str, str]) -> None:
        text = yaml.safe_dump(self.spec, sort_keys=False)
        # Markdown: four spaces make a code block of the spec.
        self.writer.add_text("spec", "".join(f"    {line}\n" for line in text.splitlines()), global_step=0)
        self.writer.flush()

    def log_values(self, values: dict[str, float], timestamp_ms: int, step: int) -> None:
        for tag, value in values.items():
            self.writer.add_scalar(tag, value, global_step=step, walltime=timestamp_ms / 1000 or None)
        self.writer.flush()

    def close(self, finished: bool) -> None:
        if self.writer is not None:
            self.writer.close()
