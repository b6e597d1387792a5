"""The importance-sampling weights of a step, summarised for its logs: the mean, min and max of the
weights the step applied to its completion tokens (after the cap), over every rank's micro-batches.

The mean is plain: every completion token counts once, whatever its sample's loss weight
(spec.training.lossAggregation); with importanceSampling "sequence" each token carries its
completion's weight, so a completion counts as often as it has tokens."""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.distributed as dist


@dataclass(frozen=True)
class ImportanceWeights:
    mean: float
    min: float
    max: float


class WeightTally:
    """Sum, count, min and max of the weights seen on this rank since the last reset."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.total = 0.0
        self.tokens = 0
        self.low = math.inf
        self.high = -math.inf

    def add(self, ratio: torch.Tensor, completion_mask: torch.Tensor) -> None:
        """ratio: one weight per token, or per sequence (one column); padding positions are masked out."""
        weights = ratio.expand_as(completion_mask)[completion_mask.bool()].double()
        if weights.numel() == 0:
            return
        self.total += float(weights.sum())
        self.tokens += weights.numel()
        self.low = min(self.low, float(weights.min()))
        self.high = max(self.high, float(weights.max()))

    def summary(self, world_size: int, device: torch.device | str) -> ImportanceWeights | None:
        """Over all ranks (every rank must call it); None when no token was weighed."""
        sums = torch.tensor([self.total, float(self.tokens)], dtype=torch.float64, device=device)
        extremes = torch.tensor([-self.low, self.high], dtype=torch.float64, device=device)
        if world_size > 1:
            dist.all_reduce(sums)
            dist.all_reduce(extremes, op=dist.ReduceOp.MAX)
        total, tokens = sums.tolist()
        if tokens == 0:
            return None
        return ImportanceWeights(mean=total / tokens, min=-float(extremes[0]), max=float(extremes[1]))
