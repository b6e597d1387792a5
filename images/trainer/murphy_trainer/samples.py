"""Training samples: validated on rank 0, then planned into the same shards on every rank."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from murphy_trainer.aggregation import sample_weights


@dataclass(frozen=True)
class TrainSample:
    prompt_ids: list[int]
    completion_ids: list[int]
    advantage: float
    sampling_logprobs: list[float] | None  # as the sampler reported them (read by the sampling correction)
    padding: bool = False  # fills a micro-batch up to its size on other ranks; masked out of the loss
    group_id: str = ""  # siblings share it (the loss aggregation weighs by group size)
    tree_id: str = ""  # the samples of one prompt's rollout tree share it (lossAggregation "paper")
    weight: float = 0.0  # the sample's weight in the batch objective, set by plan()

    @property
    def tokens(self) -> int:
        return 0 if self.padding else len(self.completion_ids)

    def as_padding(self) -> TrainSample:
        logprobs = [0.0] if self.sampling_logprobs is not None else None
        return TrainSample(self.prompt_ids[:1], self.completion_ids[:1], 0.0, logprobs, padding=True, weight=0.0)


def validate(samples: list[TrainSample], vocab_size: int, world_size: int, need_logprobs: bool = False) -> None:
    """Raises ValueError naming the first bad sample and field. need_logprobs: the importance-sampling
    correction is on, which reads every sample's sampling log-probs."""
    if len(samples) < world_size:
        raise ValueError(f"samples: {len(samples)} samples cannot feed {world_size} ranks; send at least {world_size}")
    with_logprobs = sum(s.sampling_logprobs is not None for s in samples)
    if 0 < with_logprobs < len(samples):
        raise ValueError("samples[].sampling_logprobs: give them for every sample or for none")
    if need_logprobs and with_logprobs == 0:
        raise ValueError(
            "samples[].sampling_logprobs: spec.training.importanceSampling needs them; send the inference "
            "service's Sample.logprobs or set importanceSampling to none"
        )
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
            raise ValueError(
                f"samples[{i}].sampling_logprobs: {len(s.sampling_logprobs)} values for "
                f"{len(s.completion_ids)} completion tokens"
            )
    check_trees(samples)


def check_trees(samples: list[TrainSample]) -> None:
    """A group grows in one tree: its samples must not name different trees."""
    tree_of: dict[str, str] = {}
    for i, s in enumerate(samples):
        if s.group_id and tree_of.setdefault(s.group_id, s.tree_id) != s.tree_id:
            raise ValueError(
                f"samples[{i}].tree_id: {s.tree_id!r}, but group {s.group_id!r} has samples in tree "
                f"{tree_of[s.group_id]!r}; a group's samples belong to one tree"
            )


def split(items: list[TrainSample], parts: int) -> list[list[TrainSample]]:
    """`parts` contiguous slices whose sizes differ by at most one."""
    size, extra = divmod(len(items), parts)
    bounds = [i * size + min(i, extra) for i in range(parts + 1)]
    return [items[bounds[i] : bounds[i + 1]] for i in range(parts)]


@dataclass(frozen=True)
class Plan:
    """Who trains on what: micro_batches[rank][m]. Every rank has the same number of micro-batches, and
    micro-batch m has the same size on every rank (TRL gathers per-sample metrics inside the loss, and
    collectives need equal shapes): shorter ones are filled with padding samples."""

    micro_batches: list[list[list[TrainSample]]]
    total: int

    def tokens(self, m: int) -> int:
        """Completion tokens of micro-batch m over all ranks."""
        return sum(s.tokens for rank in self.micro_batches for s in rank[m])

    def weight(self, m: int, rank: int | None = None) -> float:
        """Objective weight of micro-batch m on one rank, or over all ranks (weights micro-batch metrics)."""
        ranks = self.micro_batches if rank is None else [self.micro_batches[rank]]
        return sum(s.weight for chunks in ranks for s in chunks[m])

    @property
    def smallest_weight(self) -> float:
        """The least weight of any one rank's micro-batch (never zero: each holds a real sample)."""
        return min(sum(s.weight for s in micro) for rank in self.micro_batches for micro in rank)


def plan(samples: list[TrainSample], world_size: int, micro_batch_size: int, aggregation: str = "group") -> Plan:
    weights = sample_weights([s.group_id for s in samples], aggregation, [s.tree_id for s in samples])
    samples = [dataclasses.replace(s, weight=w) for s, w in zip(samples, weights, strict=True)]
    shards = split(samples, world_size)
    count = max(1, math.ceil(min(len(shard) for shard in shards) / micro_batch_size))
    chunks = [split(shard, count) for shard in shards]
    for m in range(count):
        size = max(len(rank[m]) for rank in chunks)
        for rank in chunks:
            rank[m] = rank[m] + [rank[m][0].as_padding()] * (size - len(rank[m]))
    return Plan(chunks, len(samples))
