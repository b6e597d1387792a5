"""How the objective weighs its samples (spec.training.lossAggregation); pure, no torch.

Every sample's term is its own token mean of the clipped surrogate plus the KL penalty. The batch
objective is sum_i w_i * term_i with the weights:

- "group" (Def. 1, normalised by the batch): within a group each completion weighs 1/|group|, groups
  are summed and normalised by the number of groups in the batch, w_i = 1 / (|group of i| * groups);
  the weights add up to one;
- "paper" (Def. 1 as written): within a group each completion weighs 1/|group|, the groups of one prompt
  (rollout tree) are summed and the prompts averaged, w_i = 1 / (|group of i| * prompts); the weights add
  up to groups / prompts, so a step's scale grows with the groups its trees kept;
- "sample" (TRL's "grpo" loss): the mean over samples, w_i = 1 / samples.

"group" and "sample" agree when every group has the same number of samples; they differ when pruning or
dropped samples leave groups of unequal sizes. A sample without a group id forms a group of its own; a
group without a tree id forms a tree (a prompt) of its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

AGGREGATIONS = ("group", "paper", "sample")


def sample_weights(group_ids: Sequence[str], aggregation: str, tree_ids: Sequence[str] | None = None) -> list[float]:
    if aggregation not in AGGREGATIONS:
        raise ValueError(f"lossAggregation: {aggregation!r} is not one of {', '.join(AGGREGATIONS)}")
    if not group_ids:
        return []
    if aggregation == "sample":
        return [1.0 / len(group_ids)] * len(group_ids)
    groups = [gid if gid else f"\0sample-{i}" for i, gid in enumerate(group_ids)]
    sizes = Counter(groups)
    if aggregation == "group":
        return [1.0 / (sizes[group] * len(sizes)) for group in groups]
    trees = tree_ids if tree_ids is not None else [""] * len(groups)
    prompts = {tree or f"\0group-{group}" for tree, group in zip(trees, groups, strict=True)}
    return [1.0 / (sizes[group] * len(prompts)) for group in groups]
