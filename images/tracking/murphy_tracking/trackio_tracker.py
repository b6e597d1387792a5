"""trackio through its own client: a local store under tracking/trackio in the run directory
(`TRACKIO_DIR=runs/<name>/tracking/trackio trackio show` opens its dashboard). The run is named
after the MurphyRun and resumed by name, so a resumed murphy run continues it."""

from __future__ import annotations

import os
from pathlib import Path

from .cursor import Cursor
from .tracker import ValuesTracker


class TrackioTracker(ValuesTracker):
    name = "trackio"

    def __init__(self, settings: dict, run_name: str, store_dir: Path, spec: dict):
        # trackio reads its store's place once, when it is imported.
        os.environ["TRACKIO_DIR"] = str(store_dir)
        import trackio

        self.trackio = trackio
        self.settings = settings
        self.run_name = run_name
        self.spec = spec
        self.opened = False

    def open(self, cursor: Cursor) -> int:
        self.trackio.init(project=self.settings["project"], name=self.run_name, config=self.spec, resume="allow")
        self.opened = True
        return cursor.step

    def log_values(self, values: dict[str, float], timestamp_ms: int, step: int) -> None:
        self.trackio.log(values, step=step)  # trackio stamps the time itself

    def close(self, finished: bool) -> None:
        if self.opened:
            self.trackio.finish()
            self.opened = False
