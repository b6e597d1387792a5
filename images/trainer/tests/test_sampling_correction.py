"""The optional importance-sampling correction, on log-probs really sampled by the hf backend's sampler
(tempered, top-p truncated and renormalised) from the tiny model, checked against an independent
computation: the surrogate of each token is weighted by min(pi_trainer / pi_sampler, cap)."""

from pathlib import Path

import pytest
import torch
from conftest import EngineFactory
from murphy_inference import sampler
from murphy_trainer.samples import TrainSample, validate
from reference_objective import completion_logprobs, objective
from test_objective import policy_copy
from trainer_fixtures import fixed_batch
from transformers import AutoModelForCausalLM

TEMPERATURE, TOP_P = 0.7, 0.9
PROMPTS = [[1, 87, 269, 84, 201], [1, 585, 75, 273, 67, 287, 201], [1, 44, 45, 46, 201]]


def sampled_batch(model_dir: Path) -> list[TrainSample]:
    """Three groups of completions of the tiny model as saved (the policy before training moved it)."""
    model = AutoModelForCausalLM.from_pretrained(model_dir).eval()
    decoding = sampler.Decoding(temperature=TEMPERATURE, top_p=TOP_P, eos_ids=frozenset({2}), pad_id=0)
    batch = []
    for p, prompt in enumerate(PROMPTS):
        rows = [sampler.Row(prompt, seed=50 + 10 * p + k, max_new_tokens=6) for k in range(3)]
        for k, result in enumerate(sampler.sample(model, rows, decoding)):
            advantage = [1.0, -0.5, -0.5][k] * (1 if p % 2 else -1)
            batch.append(TrainSample(prompt, result.token_ids, advantage, result.logprobs, group_id=f"g{p}"))
    return batch


@pytest.mark.parametrize("level", ["token", "sequence"])
def test_the_correction_weights_each_surrogate_by_the_capped_ratio_to_the_sampler(
    make_engine: EngineFactory, tiny_model_dir: Path, level: str
) -> None:
    cap = 1.0 if level == "token" else 0.2  # a sequence weight is a product of per-token ones: smaller
    engine = make_engine(
        learning_rate=1e-2,
        beta=0.05,
        temperature=TEMPERATURE,
        micro_batch_size=4,
        importance_sampling=level,
        importance_sampling_cap=cap,
    )
    engine.step(fixed_batch(6, seed=8, logprob_noise=0.5))  # the policy moves away from the sampler
    batch = sampled_batch(tiny_model_dir)
    policy = policy_copy(engine, tiny_model_dir)
    with torch.no_grad():
        raw = []
        for s in batch:
            difference = completion_logprobs(policy, s, TEMPERATURE) - torch.tensor(s.sampling_logprobs)
            raw.append(torch.exp(difference if level == "token" else difference.sum().expand_as(difference)))
        settings = {"beta": 0.05, "epsilon": 0.2, "temperature": TEMPERATURE}
        reference = AutoModelForCausalLM.from_pretrained(tiny_model_dir).eval()
        weights = [r.clamp(max=cap) for r in raw]
        corrected, _, _ = objective(policy, reference, batch, sampling_weights=weights, **settings)
        uncorrected, _, _ = objective(policy, reference, batch, **settings)
    flat = torch.cat(raw)
    result = engine.step(batch)
    assert result.loss == pytest.approx(corrected.item(), rel=1e-4, abs=1e-6)
    assert abs(corrected.item() - uncorrected.item()) > 0.05 * abs(uncorrected.item())  # it changed the objective
    assert (flat > cap).any() and (flat < cap).any()  # and its cap did cut


def test_the_correction_needs_the_sampling_logprobs() -> None:
    with pytest.raises(ValueError, match=r"sampling_logprobs: spec\.training\.importanceSampling needs them"):
        validate([TrainSample([1], [5], 1.0, None)], vocab_size=600, world_size=1, need_logprobs=True)
