"""The optional importance-sampling correction, on log-probs really sampled by the hf backend's sampler
(tempered, top-p truncated and renormalised) from the tiny model, checked against an independent
computation: the surrogate of each token is weighted by min(pi_trainer / pi_sampler, cap), with the
trainer's probability taken over the same temperature and top-p nucleus as the sampler's."""

from pathlib import Path

import pytest
import torch
from conftest import EngineFactory
from murphy_trainer.engine import TrainingEngine
from murphy_trainer.samples import TrainSample, validate
from reference_objective import completion_logprobs, nucleus_logprobs, objective
from test_objective import policy_copy
from trainer_fixtures import fixed_batch, sampled_batch
from transformers import AutoModelForCausalLM

TEMPERATURE, TOP_P = 0.7, 0.9


def model_as_saved(model_dir: Path) -> torch.nn.Module:
    return AutoModelForCausalLM.from_pretrained(model_dir).eval()


def independent_weights(policy: torch.nn.Module, batch: list[TrainSample], level: str) -> list[torch.Tensor]:
    """pi_policy / pi_sampler of every completion token (level "token") or of the whole completion, over
    the sampler's nucleus (reference_objective.nucleus_logprobs), uncapped."""
    weights = []
    with torch.no_grad():
        for s in batch:
            difference = nucleus_logprobs(policy, s, TEMPERATURE, TOP_P) - torch.tensor(s.sampling_logprobs)
            weights.append(torch.exp(difference if level == "token" else difference.sum().expand_as(difference)))
    return weights


def engine_weights(engine: TrainingEngine, batch: list[TrainSample]) -> list[torch.Tensor]:
    """The weights the engine's step multiplies each token's surrogate by (the hook's output, one row per
    sample, padding cut off)."""
    with torch.no_grad():
        prepared = engine.trainer._generate_and_score_completions(batch)
    ratio = prepared["importance_sampling_ratio"].expand_as(prepared["completion_mask"])
    return [ratio[i, : len(s.completion_ids)].cpu() for i, s in enumerate(batch)]


@pytest.mark.parametrize("level", ["token", "sequence"])
def test_at_lag_zero_the_real_samplers_completions_weigh_exactly_one(
    make_engine: EngineFactory, tiny_model_dir: Path, level: str
) -> None:
    engine = make_engine(temperature=TEMPERATURE, top_p=TOP_P, importance_sampling=level, importance_sampling_cap=3.0)
    batch = sampled_batch(model_as_saved(tiny_model_dir), TEMPERATURE, TOP_P, seed=50)  # the engine's own policy
    weights = torch.cat(engine_weights(engine, batch))
    assert torch.allclose(weights, torch.ones_like(weights), rtol=0, atol=1e-5), weights
    # Over the whole tempered softmax instead of the nucleus, the trainer's probability is the nucleus's
    # mass times the sampler's: every weight would be below 1 (this test would see that bias).
    with torch.no_grad():
        whole = torch.cat([completion_logprobs(model_as_saved(tiny_model_dir), s, TEMPERATURE) for s in batch])
    biased = torch.exp(whole - torch.tensor([lp for s in batch for lp in s.sampling_logprobs]))
    assert (biased < 0.999).all() and biased.mean() < 0.97, biased


@pytest.mark.parametrize("level", ["token", "sequence"])
def test_at_lag_one_the_weights_are_the_independent_ratio_to_the_sampler(
    make_engine: EngineFactory, tiny_model_dir: Path, level: str
) -> None:
    engine = make_engine(
        learning_rate=1e-2,
        temperature=TEMPERATURE,
        top_p=TOP_P,
        importance_sampling=level,
        importance_sampling_cap=50.0,
    )
    batch = sampled_batch(model_as_saved(tiny_model_dir), TEMPERATURE, TOP_P, seed=50)  # sampled at version 0
    engine.step(sampled_batch(model_as_saved(tiny_model_dir), TEMPERATURE, TOP_P, seed=90))  # now at version 1
    got = torch.cat(engine_weights(engine, batch))
    expected = torch.cat(independent_weights(policy_copy(engine, tiny_model_dir), batch, level)).clamp(max=50.0)
    assert torch.isfinite(got).all()
    assert torch.allclose(got, expected, rtol=1e-4, atol=1e-6), (got, expected)
    assert (got - 1).abs().max() > 0.05  # the step moved the policy away from the sampler
    # The step on the batch reports the weights it applied: their mean, min and max over its tokens.
    reported = engine.step(batch).importance_weights
    assert reported is not None
    summary = (expected.mean().item(), expected.min().item(), expected.max().item())
    assert (reported.mean, reported.min, reported.max) == pytest.approx(summary, rel=1e-4, abs=1e-6)


@pytest.mark.parametrize("level", ["token", "sequence"])
def test_the_correction_weights_each_surrogate_by_the_capped_ratio_to_the_sampler(
    make_engine: EngineFactory, tiny_model_dir: Path, level: str
) -> None:
    cap = 1.0
    engine = make_engine(
        learning_rate=1e-2,
        beta=0.05,
        temperature=TEMPERATURE,
        top_p=TOP_P,
        micro_batch_size=4,
        importance_sampling=level,
        importance_sampling_cap=cap,
    )
    engine.step(fixed_batch(6, seed=8, logprob_noise=0.5))  # the policy moves away from the sampler
    batch = sampled_batch(model_as_saved(tiny_model_dir), TEMPERATURE, TOP_P, seed=50)
    policy = policy_copy(engine, tiny_model_dir)
    raw = independent_weights(policy, batch, level)
    with torch.no_grad():
        settings = {"beta": 0.05, "epsilon": 0.2, "temperature": TEMPERATURE}
        weights = [r.clamp(max=cap) for r in raw]
        corrected, _, _ = objective(policy, model_as_saved(tiny_model_dir), batch, sampling_weights=weights, **settings)
        uncorrected, _, _ = objective(policy, model_as_saved(tiny_model_dir), batch, **settings)
    flat = torch.cat(raw)
    result = engine.step(batch)
    assert result.loss == pytest.approx(corrected.item(), rel=1e-4, abs=1e-6)
    assert abs(corrected.item() - uncorrected.item()) > 0.05 * abs(uncorrected.item())  # it changed the objective
    assert (flat > cap).any() and (flat < cap).any()  # and its cap did cut


def test_the_correction_needs_the_sampling_logprobs() -> None:
    with pytest.raises(ValueError, match=r"sampling_logprobs: spec\.training\.importanceSampling needs them"):
        validate([TrainSample([1], [5], 1.0, None)], vocab_size=600, world_size=1, need_logprobs=True)
