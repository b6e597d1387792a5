"""An independent computation of murphy's objective in plain torch (the tests' yardstick): the paper's
Def. 1, written out per group and per sample, without any of the trainer's code."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import torch
from murphy_trainer.samples import TrainSample
from transformers import AutoModelForCausalLM


def completion_logprobs(model: torch.nn.Module, sample: TrainSample, temperature: float) -> torch.Tensor:
    ids = torch.tensor([sample.prompt_ids + sample.completion_ids])
    logits = model(ids).logits[0, len(sample.prompt_ids) - 1 : -1].float() / temperature
    return torch.log_softmax(logits, dim=-1)[torch.arange(len(sample.completion_ids)), sample.completion_ids]


def nucleus_logprobs(model: torch.nn.Module, sample: TrainSample, temperature: float, top_p: float) -> torch.Tensor:
    """log p of each completion token under the distribution a top-p sampler draws from, position by position:
    the tokens in order of falling probability are kept until their mass reaches top_p, and the kept
    probabilities renormalised; -inf for a token outside the kept set."""
    ids = torch.tensor([sample.prompt_ids + sample.completion_ids])
    probs = torch.softmax(model(ids).logits[0, len(sample.prompt_ids) - 1 : -1].float() / temperature, dim=-1)
    logprobs = []
    for position, token in enumerate(sample.completion_ids):
        order = torch.argsort(probs[position], descending=True)
        mass = torch.cumsum(probs[position][order], dim=0)
        kept = order[: int((mass < top_p).sum()) + 1].tolist()
        inside = torch.log(probs[position][token] / probs[position][kept].sum())
        logprobs.append(inside if token in kept else torch.tensor(float("-inf")))
    return torch.stack(logprobs)


def weighted_groups(batch: list[TrainSample], aggregation: str) -> list[tuple[float, int]]:
    """(weight, sample index): "group" sums over groups of the mean over each group's members, divided by
    the number of groups; "paper" is Def. 1 as written, the expectation over prompts of the sum over the
    prompt's groups (turns and parents) of the mean over each group's members; "sample" is the plain mean
    over samples."""
    if aggregation == "sample":
        return [(1 / len(batch), i) for i in range(len(batch))]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(batch):
        groups[s.group_id or f"alone-{i}"].append(i)
    if aggregation == "group":
        return [(1 / (len(members) * len(groups)), i) for members in groups.values() for i in members]
    trees: dict[str, list[list[int]]] = defaultdict(list)
    for group, members in groups.items():
        trees[batch[members[0]].tree_id or f"group-{group}"].append(members)
    prompts = len(trees)
    return [
        (1 / prompts * 1 / len(members), i) for tree in trees.values() for members in tree for i in members
    ]


def objective(
    policy: torch.nn.Module,
    reference: torch.nn.Module,
    batch: list[TrainSample],
    *,
    beta: float,
    epsilon: float,
    temperature: float,
    aggregation: str = "group",
    old_logprobs: list[torch.Tensor] | None = None,
    sampling_weights: list[torch.Tensor] | None = None,
) -> tuple[torch.Tensor, float, float]:
    """Per token -min(r*A, clip(r, 1-eps, 1+eps)*A) * w + beta*KL3(policy||ref), mean over each completion's
    tokens, weighted by the aggregation. r is against old_logprobs (default: the policy itself, detached);
    w is the importance-sampling weight of the token (default 1).
    Returns the objective (differentiable in the policy), and the KL and the clipped fraction, each a
    per-completion token mean weighted like the objective."""
    loss, kl_mean, clipped_mean = torch.zeros(()), 0.0, 0.0
    for weight, i in weighted_groups(batch, aggregation):
        sample = batch[i]
        logp = completion_logprobs(policy, sample, temperature)
        with torch.no_grad():
            ref = completion_logprobs(reference, sample, temperature)
        old = logp.detach() if old_logprobs is None else old_logprobs[i]
        ratio, advantage = torch.exp(logp - old), sample.advantage
        surrogate = -torch.minimum(ratio * advantage, ratio.clamp(1 - epsilon, 1 + epsilon) * advantage)
        if sampling_weights is not None:
            surrogate = surrogate * sampling_weights[i]
        kl = torch.exp(ref - logp) - (ref - logp) - 1
        loss = loss + weight * (surrogate + beta * kl).mean()
        kl_mean += weight * kl.mean().item()
        clip = ((ratio < 1 - epsilon) & (advantage < 0)) | ((ratio > 1 + epsilon) & (advantage > 0))
        clipped_mean += weight * clip.float().mean().item()
    return loss, kl_mean, clipped_mean


def independent_steps(
    model_dir: Path,
    batches: list[list[TrainSample]],
    *,
    learning_rate: float,
    beta: float,
    epsilon: float,
    temperature: float,
    max_grad_norm: float,
    aggregation: str = "group",
) -> tuple[list[tuple[float, float]], dict[str, torch.Tensor]]:
    """One AdamW step (no weight decay) per batch from the model as saved, which is also the reference.
    Returns (objective, gradient norm before clipping) per step and the final weights."""
    policy = AutoModelForCausalLM.from_pretrained(model_dir).eval()
    reference = AutoModelForCausalLM.from_pretrained(model_dir).eval()
    optimizer = torch.optim.AdamW(policy.parameters(), lr=learning_rate, weight_decay=0.0)
    steps = []
    for batch in batches:
        loss, _, _ = objective(
            policy, reference, batch, beta=beta, epsilon=epsilon, temperature=temperature, aggregation=aggregation
        )
        optimizer.zero_grad()
        loss.backward()
        grad_norm = torch.nn.utils.clip_grad_norm_(policy.parameters(), max_grad_norm)
        optimizer.step()
        steps.append((loss.item(), grad_norm.item()))
    return steps, {k: v.detach().clone() for k, v in policy.state_dict().items()}
