"""What every tracker does for the follower. Each implementation talks to its tracker only through
that tracker's own client library."""

from __future__ import annotations

from typing import Protocol

from .cursor import Cursor
from .run_records import Evaluation, StepMetrics


class Tracker(Protocol):
    name: str

    def open(self, cursor: Cursor) -> int:
        """Connects (creating or continuing the tracker's run) and returns the last step the tracker
        already holds: the tracker's own answer where it can give one, else the cursor's."""

    def log_params(self, params: dict[str, str]) -> None: ...

    def log_step(self, metrics: StepMetrics) -> None: ...

    def log_evaluation(self, evaluation: Evaluation) -> None: ...

    def close(self, finished: bool) -> None: ...


class ValuesTracker:
    """What most trackers share: a step and an evaluation are both one set of values at a step;
    the spec goes in as the run's config when it opens (override log_params otherwise)."""

    def log_values(self, values: dict[str, float], timestamp_ms: int, step: int) -> None:
        raise NotImplementedError

    def log_params(self, params: dict[str, str]) -> None:
        pass

    def log_step(self, metrics: StepMetrics) -> None:
        self.log_values(metrics.values, metrics.timestamp_ms, metrics.step)

    def log_evaluation(self, evaluation: Evaluation) -> None:
        self.log_values(evaluation.values, evaluation.timestamp_ms, evaluation.step)
