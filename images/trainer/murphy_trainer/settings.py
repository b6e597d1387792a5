"""The trainer's hyperparameters, read from the MurphyRun (spec.training) it is started with."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from murphy_trainer.aggregation import AGGREGATIONS

# spec.training field -> TrainSettings field; defaults are the MurphyRun schema's (src/api/murphyrun.ts).
RUN_FIELDS = {
    "learningRate": "learning_rate",
    "weightDecay": "weight_decay",
    "beta": "beta",
    "epsilon": "epsilon",
    "maxGradNorm": "max_grad_norm",
    "temperature": "temperature",
    "checkpointInterval": "checkpoint_interval",
    "seed": "seed",
    "lossAggregation": "loss_aggregation",
    "importanceSampling": "importance_sampling",
    "importanceSamplingCap": "importance_sampling_cap",
}


# String fields and the values the schema allows.
CHOICES = {"lossAggregation": AGGREGATIONS, "importanceSampling": ("none", "token", "sequence")}


def choice(value: Any, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise ValueError(f"{where}: {value!r} is not one of {', '.join(allowed)}")
    return str(value)


@dataclass(frozen=True)
class TrainSettings:
    learning_rate: float = 1e-6
    weight_decay: float = 0.1
    beta: float = 0.04  # KL penalty to the frozen reference
    epsilon: float = 0.2  # clipping range of the probability ratio
    max_grad_norm: float = 1.0
    # Log-probs are taken at the sampling temperature, as inference reports them (0 counts as 1).
    temperature: float = 0.6
    checkpoint_interval: int = 50  # steps between automatic checkpoints
    seed: int = 0
    micro_batch_size: int = 8  # samples per forward/backward on one rank (gradients accumulate)
    loss_aggregation: str = "group"  # "group": the paper's Def. 1; "sample": TRL's mean over samples
    # Truncated importance-sampling correction for the gap between the sampler's distribution (its
    # reported log-probs) and the trainer's: "none", or per "token" / per "sequence", capped from above.
    importance_sampling: str = "none"
    importance_sampling_cap: float = 3.0

    @property
    def logprob_temperature(self) -> float:
        return self.temperature if self.temperature > 0 else 1.0


def read_run(path: Path) -> TrainSettings:
    """Settings from a MurphyRun YAML (the first document); raises ValueError naming the bad field."""
    with open(path) as handle:
        documents = [d for d in yaml.safe_load_all(handle) if d is not None]
    if not documents or not isinstance(documents[0], dict):
        raise ValueError(f"{path}: not a MurphyRun (expected a YAML mapping with spec.training)")
    spec = documents[0].get("spec", documents[0])
    training = spec.get("training") or {}
    if not isinstance(training, dict):
        raise ValueError(f"{path}: spec.training must be a mapping")
    return from_mapping(training, f"{path}: spec.training")


def from_mapping(training: dict[str, Any], where: str) -> TrainSettings:
    types = {f.name: f.type for f in fields(TrainSettings)}
    values: dict[str, Any] = {}
    for key, name in RUN_FIELDS.items():
        if key not in training:
            continue
        value = training[key]
        if types[name] in ("str", str):
            values[name] = choice(value, CHOICES[key], f"{where}.{key}")
            continue
        expected = int if types[name] in ("int", int) else float
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (expected is int and value != int(value)):
            raise ValueError(f"{where}.{key}: {value!r} is not a number{' (whole)' if expected is int else ''}")
        values[name] = expected(value)
    return TrainSettings(**values)
