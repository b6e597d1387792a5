"""What a run directory holds for the trackers: the step records of metrics.jsonl (read as they
are appended), the evaluation reports under eval/<label>/report.json, and the resolved spec."""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

# Fields of a step record that are not figures to plot.
NOT_METRICS = {"time", "step", "totalSteps", "errors", "recovered", "checkpoint"}
# Per-turn lists: element k is turn k+1.
PER_TURN = {"passRates", "meanRewards", "completions"}


@dataclass(frozen=True)
class StepMetrics:
    step: int
    timestamp_ms: int
    values: dict[str, float]


@dataclass(frozen=True)
class Evaluation:
    """One evaluation report: `label` (base or final) at the run's step `step`."""

    label: str
    step: int
    timestamp_ms: int
    values: dict[str, float]


def _timestamp_ms(text: str | None) -> int:
    from datetime import datetime

    if not text:
        return 0
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def _flatten(prefix: str, value: Any, out: dict[str, float]) -> None:
    if isinstance(value, bool):
        out[prefix] = float(value)
    elif isinstance(value, (int, float)):
        if math.isfinite(value):
            out[prefix] = float(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            _flatten(f"{prefix}/{key}" if prefix else str(key), item, out)
    elif isinstance(value, list) and prefix.split("/")[-1] in PER_TURN:
        for index, item in enumerate(value):
            _flatten(f"{prefix}/turn{index + 1}", item, out)


def step_metrics(record: dict[str, Any]) -> StepMetrics:
    """Every number of a metrics.jsonl record under its path there (train/loss, seconds/rollout,
    passRates/turn1, ...), plus the trainer's tokens per second and, at a step that saved one, the checkpoint's version."""
    values: dict[str, float] = {}
    for key, value in record.items():
        if key not in NOT_METRICS:
            _flatten(key, value, values)
    train = record.get("train") or {}
    if train.get("seconds") and train.get("tokens") is not None:
        values["train/tokensPerSecond"] = train["tokens"] / train["seconds"]
    checkpoint = record.get("checkpoint")
    if isinstance(checkpoint, dict) and isinstance(checkpoint.get("version"), (int, float)):
        values["checkpoint/version"] = float(checkpoint["version"])
    return StepMetrics(int(record["step"]), _timestamp_ms(record.get("time")), values)


def _metric_name(text: str) -> str:
    """Names every tracker keeps as they are: letters, digits, _ - . and / (TensorBoard rewrites others)."""
    return "".join(c if c.isalnum() or c in "_-./" else "_" for c in text)


def evaluation_metrics(report: dict[str, Any], step: int) -> Evaluation:
    values: dict[str, float] = {}
    for result in report.get("results", []):
        name = f"eval/{_metric_name(result['dataset'])}/passAt1/iterations{result['iterations']}"
        values[name] = float(result["mean"])
        values[f"{name}/std"] = float(result["std"])
    return Evaluation(report.get("label", "eval"), step, _timestamp_ms(report.get("startedAt")), values)


@dataclass
class MetricsFile:
    """metrics.jsonl, read incrementally: only complete lines, from where the last read ended."""

    path: Path
    records: list[dict[str, Any]] = field(default_factory=list)
    _offset: int = 0

    def refresh(self) -> None:
        try:
            size = os.path.getsize(self.path)
        except FileNotFoundError:
            return
        if size < self._offset:  # replaced: read it again from the start
            self.records.clear()
            self._offset = 0
        with open(self.path, "rb") as f:
            f.seek(self._offset)
            data = f.read()
        end = data.rfind(b"\n") + 1
        for line in data[:end].splitlines():
            if line.strip():
                self.records.append(json.loads(line))
        self._offset += end

    def steps_after(self, step: int) -> Iterator[StepMetrics]:
        seen: set[int] = set()
        for record in self.records:
            if record["step"] > step and record["step"] not in seen:
                seen.add(record["step"])
                yield step_metrics(record)

    @property
    def last_step(self) -> int:
        return max((r["step"] for r in self.records), default=0)


EVAL_LABELS = ("base", "final")


def evaluations(eval_dir: Path, metrics: MetricsFile) -> list[Evaluation]:
    """The reports there are: the base model's at step 0, the final policy's at the last step."""
    found = []
    for label in EVAL_LABELS:
        path = eval_dir / label / "report.json"
        if not path.exists():
            continue
        try:
            report = json.loads(path.read_text())
        except json.JSONDecodeError:
            continue  # being written: the next pass reads it
        found.append(evaluation_metrics(report, 0 if label == "base" else metrics.last_step))
    return found


def flat_params(spec: Any, prefix: str = "spec") -> dict[str, str]:
    """The resolved spec as parameters: one per leaf (lists as JSON), e.g. spec.training.learningRate."""
    if isinstance(spec, dict):
        out: dict[str, str] = {}
        for key, value in spec.items():
            out.update(flat_params(value, f"{prefix}.{key}"))
        return out
    return {prefix: spec if isinstance(spec, str) else json.dumps(spec)}
