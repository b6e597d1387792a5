"""How the objective weighs its samples (spec.training.lossAggregation); pure, no torch.

Every sample's term is its own token mean of the clipped surrogate plus the KL penalty. The batch
objective is sum_i w_i * term_i with weights that add up to one:

- "group" (the paper's Def. 1): within a group each completion weighs 1/|group|, groups are summed and
  normalised by the number of groups in the batch, so w_i = 1 / (|group of i| * groups);
- "sample" (TRL's "grpo" loss): the mean over samples, w_i = 1 / samples.

The two agree when every group has the same number of samples; they differ when pruning or dropped
samples leave groups of unequal sizes. A sample without a group id forms a group of its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

AGGREGATIONS = ("group", "sample")


def sample_weights(group_ids: Sequence[str], aggregation: str) -> list[float]:
    if aggregation not in AGGREGATIONS:
        raise ValueError(f"lossAggregation: {aggregation!r} is not one of {', '.join(AGGREGATIONS)}")
    if not group_ids:
        return []
    if aggregation == "sample":
        return [1.0 / len(group_ids)] * len(group_ids)
    keys = [gid if gid else f"\0sample-{i}" for i, gid in enumerate(group_ids)]
    sizes = Counter(keys)
    return [1.0 / (sizes[key] * len(sizes)) for key in keys]
