"""How far a tracker has got, kept in the run directory (tracking/<tracker>.json) so that a restarted
follower neither logs a step twice nor skips one. Written atomically after every step it covers."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Cursor:
    step: int = 0
    params: bool = False
    evaluations: list[str] = field(default_factory=list)
    # The tracker's own run id (MLflow's, W&B's), so a resumed run continues the same tracker run.
    run_id: str | None = None

    @staticmethod
    def load(path: Path) -> "Cursor":
        try:
            return Cursor(**json.loads(path.read_text()))
        except FileNotFoundError:
            return Cursor()

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(self)))
        os.replace(temporary, path)
