"""Weights & Biases through wandb: offline (run files under tracking/wandb in the run directory,
`wandb sync` uploads them) or online. The W&B run id is kept in the cursor, so a resumed murphy run
continues the same W&B run."""

from __future__ import annotations

from pathlib import Path

import wandb

from .cursor import Cursor
from .tracker import ValuesTracker


class WandbTracker(ValuesTracker):
    name = "wandb"

    def __init__(self, settings: dict, run_name: str, base_dir: Path, spec: dict):
        self.settings = settings
        self.run_name = run_name
        self.base_dir = base_dir
        self.spec = spec
        self.run = None

    def open(self, cursor: Cursor) -> int:
        if cursor.run_id is None:
            cursor.run_id = wandb.util.generate_id()
        self.base_dir.mkdir(parents=True, exist_ok=True)
        self.run = wandb.init(
            project=self.settings["project"],
            entity=self.settings.get("entity"),
            mode=self.settings.get("mode", "offline"),
            dir=str(self.base_dir),
            id=cursor.run_id,
            name=self.run_name,
            resume="allow",
            config=self.spec,
            # A run directory is named by the second it starts in; two followers in one second would
            # share it, and the second would overwrite the first's file. Their first steps differ.
            settings=wandb.Settings(console="off", x_disable_stats=True, silent=True, init_timeout=60, x_sync_dir_suffix=f"from-step-{cursor.step + 1}"),
        )
        return cursor.step

    def log_values(self, values: dict[str, float], timestamp_ms: int, step: int) -> None:
        self.run.log(values, step=step)

    def close(self, finished: bool) -> None:
        if self.run is not None:
            self.run.finish()
            self.run = None
            # finish() returns before wandb's service has written the last records; teardown waits for it.
            wandb.teardown()
