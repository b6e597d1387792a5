"""Training samples: validated on rank 0, then planned into the same shards on every rank."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class TrainSample:
    prompt_ids: list[int]
    completion_ids: list[int]
    advantage: float
    sampling_logprobs: list[float] | None  # None: the ratio is taken against the policy before the step

    @property
    def tokens(self) -> int:
        return len(self.completion_ids)


def validate(samples: list[TrainSample], vocab_size: int, world_size: int) -> None:
    """Raises ValueError naming the first bad sample and field."""
    if len(samples) < world_size:
        raise ValueError(f"samples: {len(samples)} samples cannot feed {world_size} ranks; send at least {world_size}")
    with_logprobs = sum(s.sampling_logprobs is not None for s in samples)
    if 0 < with_logprobs < len(samples):
        raise ValueError("samples[].sampling_logprobs: give them for every sample or for none")
    for i, s in enumerate(samples):
        if not s.prompt_ids:
            raise ValueError(f"samples[{i}].prompt_token_ids: empty")
        if not s.completion_ids:
            raise ValueError(f"samples[{i}].completion_token_ids: empty")
        if not math.isfinite(s.advantage):
            raise ValueError(f"samples[{i}].advantage: {s.advantage} is not finite")
        too_big = [t for t in (*s.prompt_ids, *s.completion_ids) if t >= vocab_size]
        if too_big:
            raise ValueError(f"samples[{i}]: token id {too_big[0]} is outside the vocabulary ({vocab_size} ids)")
        if s.sampling_logprobs is not None and len(s.sampling_logprobs) != len(s.completion_ids):
            raise ValueError(f"samples[{i}].sampling_logprobs: {len(s.sampling_logprobs)} values for "
                             f"{len(s.completion_ids)} completion tokens")


def split(items: list[TrainSample], parts: int) -> list[list[TrainSample]]:
    """`parts` contiguous slices whose sizes differ by at most one."""
    size, extra = divmod(len(items), parts)
    bounds = [i * size + min(i, extra) for i in range(parts + 1)]
    return [items[bounds[i] : bounds[i + 1]] for i in range(parts)]


@dataclass(frozen=True)
class Plan:
    """Who trains on what: micro_batches[rank][m]. Every rank has the same number of micro-batches
    (collectives inside the loss must line up) and every micro-batch is non-empty."""

    micro_batches: list[list[list[TrainSample]]]
    total: int

    def tokens(self, m: int) -> int:
        """Completion tokens of micro-batch m over all ranks (weights micro-batch metrics)."""
        return sum(s.tokens for rank in self.micro_batches for s in rank[m])


def plan(samples: list[TrainSample], world_size: int, micro_batch_size: int) -> Plan:
    shards = split(samples, world_size)
    count = max(1, math.ceil(min(len(shard) for shard in shards) / micro_batch_size))
    return Plan([split(shard, count) for shard in shards], len(samples))
