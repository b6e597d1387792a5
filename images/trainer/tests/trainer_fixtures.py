"""Helpers of the trainer tests: fixed batches and MurphyRun files."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import torch
import yaml
from murphy_inference import sampler
from murphy_trainer.samples import TrainSample


def fixed_batch(count: int, seed: int, logprob_noise: float | None = None) -> list[TrainSample]:
    """Random prompts and completions over the tiny vocabulary with advantages of both signs. With
    logprob_noise, sampling log-probs near a plausible value are attached (so some ratios get clipped)."""
    rng = random.Random(seed)
    samples = []
    for i in range(count):
        completion = [rng.randrange(3, 600) for _ in range(rng.randrange(3, 9))]
        logprobs = None
        if logprob_noise is not None:
            logprobs = [-6.4 + rng.uniform(-logprob_noise, logprob_noise) for _ in completion]
        samples.append(
            TrainSample(
                prompt_ids=[1, *(rng.randrange(3, 600) for _ in range(rng.randrange(4, 10))), 201],
                completion_ids=completion,
                advantage=rng.choice([-1.5, -0.5, 0.5, 1.0, 2.0]) * (1 if i % 2 else -1),
                sampling_logprobs=logprobs,
            )
        )
    return samples


def write_run(path: Path, trainer: dict[str, object] | None = None, **training: object) -> Path:
    """A MurphyRun YAML whose spec.training holds the given fields (camelCase, as users write them), and
    spec.trainer `trainer`."""
    run: dict[str, object] = {
        "apiVersion": "murphy.dev/v1alpha1",
        "kind": "MurphyRun",
        "metadata": {"name": "test"},
        "spec": {
            "model": {"name": "tiny", "source": "builtin:tiny"},
            "dataset": {"source": "builtin:mini"},
            "training": training,
            **({"trainer": trainer} if trainer else {}),
        },
    }
    path.write_text(yaml.safe_dump(run))
    return path


def grouped_batch(sizes: list[int], seed: int, logprob_noise: float | None = None) -> list[TrainSample]:
    """fixed_batch whose samples form consecutive groups of the given sizes (group ids "g0", "g1", ...)."""
    batch = fixed_batch(sum(sizes), seed, logprob_noise)
    ids = [f"g{g}" for g, size in enumerate(sizes) for _ in range(size)]
    return [dataclasses.replace(s, group_id=gid) for s, gid in zip(batch, ids, strict=True)]


def tree_batch(trees: list[list[int]], seed: int) -> list[TrainSample]:
    """fixed_batch whose samples form rollout trees ("t0", "t1", ...) of groups of the given sizes, as a
    coordinator sends them: trees[t] lists the sizes of tree t's groups (group ids "t0.g0", ...)."""
    batch = fixed_batch(sum(map(sum, trees)), seed)
    ids = [(f"t{t}", f"t{t}.g{g}") for t, sizes in enumerate(trees) for g, n in enumerate(sizes) for _ in range(n)]
    return [dataclasses.replace(s, tree_id=tid, group_id=gid) for s, (tid, gid) in zip(batch, ids, strict=True)]


SAMPLED_PROMPTS = [[1, 87, 269, 84, 201], [1, 585, 75, 273, 67, 287, 201], [1, 44, 45, 46, 201]]


def sampled_batch(policy: torch.nn.Module, temperature: float, top_p: float, seed: int) -> list[TrainSample]:
    """Three groups of three completions that the hf backend's sampler drew from `policy`, with the
    log-probs it reports (tempered, top-p truncated and renormalised) and advantages of both signs."""
    decoding = sampler.Decoding(temperature=temperature, top_p=top_p, eos_ids=frozenset({2}), pad_id=0)
    batch = []
    for p, prompt in enumerate(SAMPLED_PROMPTS):
        rows = [sampler.Row(prompt, seed=seed + 10 * p + k, max_new_tokens=6) for k in range(3)]
        for k, result in enumerate(sampler.sample(policy, rows, decoding)):
            advantage = [1.0, -0.5, -0.5][k] * (1 if p % 2 else -1)
            batch.append(TrainSample(prompt, result.token_ids, advantage, result.logprobs, group_id=f"g{p}"))
    return batch
