"""Follows a run directory and keeps every configured tracker up to date with it. Each tracker goes at
its own pace: one that fails is retried with a growing delay (a warning in the log each time it
changes state) while the others go on, and nothing here ever waits on training or holds it up.
metrics.jsonl stays the record; a tracker gets what it missed when it is back."""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .cursor import Cursor
from .run_records import Evaluation, MetricsFile, StepMetrics, evaluations, flat_params
from .tracker import Tracker

FIRST_RETRY_SECONDS = 2.0
MAX_RETRY_SECONDS = 60.0


def warn(message: str) -> None:
    print(f"murphy-tracking: {message}", file=sys.stderr, flush=True)


@dataclass
class TrackerState:
    tracker: Tracker
    cursor_file: Path
    cursor: Cursor
    opened: bool = False
    failing: str | None = None
    retry_at: float = 0.0
    delay: float = FIRST_RETRY_SECONDS
    unsent: int = 0
    first_failure: float | None = None


@dataclass
class Follower:
    run_dir: Path
    spec: dict
    trackers: list[Tracker]
    clock: Callable[[], float] = time.monotonic
    # Where evaluation reports are (eval/<label>/report.json): the run directory's eval/ by default.
    eval_dir: Path | None = None
    states: list[TrackerState] = field(init=False)

    def __post_init__(self) -> None:
        self.metrics = MetricsFile(self.run_dir / "metrics.jsonl")
        self.params = flat_params(self.spec)
        self.states = []
        for tracker in self.trackers:
            cursor_file = self.run_dir / "tracking" / f"{tracker.name}.json"
            self.states.append(TrackerState(tracker, cursor_file, Cursor.load(cursor_file)))

    def _pending(self, cursor: Cursor) -> list[StepMetrics | Evaluation]:
        """What the tracker has not had, in the run's step order (an evaluation after its step's record)."""
        items: list[StepMetrics | Evaluation] = list(self.metrics.steps_after(cursor.step))
        items += [e for e in evaluations(self.eval_dir or self.run_dir / "eval", self.metrics) if e.label not in cursor.evaluations]
        return sorted(items, key=lambda item: (item.step, isinstance(item, Evaluation)))

    def _send(self, state: TrackerState) -> None:
        tracker, cursor = state.tracker, state.cursor
        if not state.opened:
            cursor.step = tracker.open(cursor)
            state.opened = True
            cursor.save(state.cursor_file)
        if not cursor.params:
            tracker.log_params(self.params)
            cursor.params = True
            cursor.save(state.cursor_file)
        pending = self._pending(cursor)
        state.unsent = len(pending)
        for item in pending:
            if isinstance(item, Evaluation):
                tracker.log_evaluation(item)
                cursor.evaluations.append(item.label)
            else:
                tracker.log_step(item)
                cursor.step = item.step
            cursor.save(state.cursor_file)
            state.unsent -= 1

    def _attempt(self, state: TrackerState) -> None:
        name = state.tracker.name
        try:
            self._send(state)
        except Exception as error:  # noqa: BLE001 - any failure of a tracker is retried, never fatal
            message = f"{type(error).__name__}: {error}".splitlines()[0][:300]
            if state.failing is None:
                warn(f"{name}: cannot log ({message}); training goes on, metrics.jsonl keeps every step, "
                     f"and {name} gets what it missed once it is back (next try in {state.delay:.0f} s)")
                state.first_failure = self.clock()
            state.failing = message
            state.opened = False  # reconnect, and ask the tracker again what it holds
            state.retry_at = self.clock() + state.delay
            state.delay = min(state.delay * 2, MAX_RETRY_SECONDS)
            return
        if state.failing is not None:
            warn(f"{name}: back; it is up to date with step {state.cursor.step}")
        state.failing = None
        state.first_failure = None
        state.delay = FIRST_RETRY_SECONDS

    def poll(self) -> None:
        """One pass: read what is new and send it to every tracker that is due."""
        self.metrics.refresh()
        now = self.clock()
        for state in self.states:
            if state.failing is None or now >= state.retry_at:
                self._attempt(state)
        self._write_status()

    def sync_now(self) -> bool:
        """One attempt for every tracker, due or not; whether all of them are up to date."""
        self.metrics.refresh()
        for state in self.states:
            self._attempt(state)
        self._write_status()
        return all(state.failing is None for state in self.states)

    def _write_status(self) -> None:
        """tracking/status.json: each tracker's state, for `murphy` and the operator to show."""
        status = {
            s.tracker.name: {"ok": s.failing is None, "step": s.cursor.step, **({"error": s.failing} if s.failing else {})}
            for s in self.states
        }
        path = self.run_dir / "tracking" / "status.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(status))
        temporary.replace(path)

    def close(self, finished: bool) -> None:
        for state in self.states:
            if state.opened:
                try:
                    state.tracker.close(finished)
                except Exception as error:  # noqa: BLE001
                    warn(f"{state.tracker.name}: closing: {error}")
