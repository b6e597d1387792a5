"""The trainer's hyperparameters and memory layout, read from the MurphyRun it is started with
(spec.training and spec.trainer)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from murphy_trainer.aggregation import AGGREGATIONS
from murphy_trainer.schedule import SCHEDULES

# spec.training field -> TrainSettings field; defaults are the MurphyRun schema's (src/api/murphyrun.ts).
RUN_FIELDS = {
    "learningRate": "learning_rate",
    "weightDecay": "weight_decay",
    "beta": "beta",
    "epsilon": "epsilon",
    "maxGradNorm": "max_grad_norm",
    "temperature": "temperature",
    "topP": "top_p",
    "lrSchedule": "lr_schedule",
    "checkpointInterval": "checkpoint_interval",
    "seed": "seed",
    "lossAggregation": "loss_aggregation",
    "importanceSampling": "importance_sampling",
    "importanceSamplingCap": "importance_sampling_cap",
}


PRECISIONS = ("auto", "fp32", "bf16")

# String fields and the values the schema allows.
CHOICES = {
    "lossAggregation": AGGREGATIONS,
    "importanceSampling": ("none", "token", "sequence"),
    "lrSchedule": SCHEDULES,
}


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
    # How inference samples. Log-probs are taken at the sampling temperature (0 counts as 1 for the ratio
    # and the KL term); the importance-sampling correction's also over the top-p nucleus, as inference's.
    temperature: float = 0.6
    top_p: float = 0.95
    checkpoint_interval: int = 50  # steps between automatic checkpoints
    seed: int = 0
    micro_batch_size: int = 8  # samples per forward/backward on one rank (gradients accumulate)
    # "group": Def. 1's weights normalised by the batch's groups; "paper": Def. 1 as written (averaged over
    # prompts); "sample": TRL's mean over samples (aggregation.py)
    loss_aggregation: str = "group"
    # "linear": from learning_rate at the first step to 0 after the run's last (TRL's default); "constant"
    lr_schedule: str = "linear"
    # Truncated importance-sampling correction for the gap between the sampler's distribution (its
    # reported log-probs) and the trainer's: "none", or per "token" / per "sequence", capped from above.
    importance_sampling: str = "none"
    importance_sampling_cap: float = 3.0
    # spec.trainer: how the model sits in memory (docs/trainer.md, "Memory").
    sharding: str = "none"  # "fsdp": parameters, gradients and optimiser state sharded over the ranks
    precision: str = "auto"  # "fp32", or "bf16" compute with fp32 master weights and AdamW; auto: bf16 on GPUs
    gradient_checkpointing: bool = True  # recompute activations in the backward pass (TRL's default)

    @property
    def logprob_temperature(self) -> float:
        return self.temperature if self.temperature > 0 else 1.0

    def bf16(self, on_gpu: bool) -> bool:
        return self.precision == "bf16" or (self.precision == "auto" and on_gpu)


def read_run(path: Path) -> TrainSettings:
    """Settings from a MurphyRun YAML (the first document); raises ValueError naming the bad field."""
    with open(path) as handle:
        documents = [d for d in yaml.safe_load_all(handle) if d is not None]
    if not documents or not isinstance(documents[0], dict):
        raise ValueError(f"{path}: not a MurphyRun (expected a YAML mapping with spec.training)")
    spec = documents[0].get("spec", documents[0])
    training, trainer = spec.get("training") or {}, spec.get("trainer") or {}
    for name, section in (("training", training), ("trainer", trainer)):
        if not isinstance(section, dict):
            raise ValueError(f"{path}: spec.{name} must be a mapping")
    return dataclasses.replace(
        from_mapping(training, f"{path}: spec.training"), **memory_layout(trainer, f"{path}: spec.trainer")
    )


def memory_layout(trainer: dict[str, Any], where: str) -> dict[str, Any]:
    """spec.trainer's sharding, precision and gradientCheckpointing (the schema's defaults if missing)."""
    values: dict[str, Any] = {}
    for key, name, allowed in (("sharding", "sharding", ("none", "fsdp")), ("precision", "precision", PRECISIONS)):
        if key in trainer:
            values[name] = choice(trainer[key], allowed, f"{where}.{key}")
    if "gradientCheckpointing" in trainer:
        if not isinstance(trainer["gradientCheckpointing"], bool):
            raise ValueError(f"{where}.gradientCheckpointing: {trainer['gradientCheckpointing']!r} is not true or false")
        values["gradient_checkpointing"] = trainer["gradientCheckpointing"]
    return values


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
