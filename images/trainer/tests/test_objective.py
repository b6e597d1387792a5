"""The objective murphy's trainer optimises, checked against an independent computation in plain torch."""

from pathlib import Path

import pytest
import torch
from conftest import EngineFactory
from murphy_trainer.engine import TrainingEngine
from murphy_trainer.samples import TrainSample
from trainer_fixtures import fixed_batch
from transformers import AutoModelForCausalLM


def policy_copy(engine: TrainingEngine, tiny_model_dir: Path) -> torch.nn.Module:
    """The engine's current weights in a fresh, unpatched model."""
    model = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    model.load_state_dict(engine.trainer.accelerator.unwrap_model(engine.model).state_dict())
    return model.eval()


def completion_logprobs(model: torch.nn.Module, sample: TrainSample, temperature: float) -> torch.Tensor:
    ids = torch.tensor([sample.prompt_ids + sample.completion_ids])
    with torch.no_grad():
        logits = model(ids).logits[0, len(sample.prompt_ids) - 1 : -1].float() / temperature
    return torch.log_softmax(logits, dim=-1)[torch.arange(len(sample.completion_ids)), sample.completion_ids]


def objective(
    policy: torch.nn.Module,
    reference: torch.nn.Module,
    batch: list[TrainSample],
    beta: float,
    epsilon: float,
    temperature: float,
) -> tuple[float, float, float]:
    """ALGORITHM.md's objective: per token -min(r*A, clip(r, 1-eps, 1+eps)*A) + beta*KL3(policy||ref), mean
    over each completion's tokens, mean over completions. Also the token-mean KL and clipped fraction."""
    losses, kls, clipped = [], [], []
    for sample in batch:
        logp = completion_logprobs(policy, sample, temperature)
        ref = completion_logprobs(reference, sample, temperature)
        old = torch.tensor(sample.sampling_logprobs) if sample.sampling_logprobs else logp
        ratio, advantage = torch.exp(logp - old), sample.advantage
        surrogate = -torch.minimum(ratio * advantage, ratio.clamp(1 - epsilon, 1 + epsilon) * advantage)
        kl = torch.exp(ref - logp) - (ref - logp) - 1
        losses.append((surrogate + beta * kl).mean())
        kls.append(kl)
        clipped.append(((ratio < 1 - epsilon) & (advantage < 0)) | ((ratio > 1 + epsilon) & (advantage > 0)))
    return (torch.stack(losses).mean().item(), torch.cat(kls).mean().item(), torch.cat(clipped).float().mean().item())


def test_the_loss_kl_and_clip_fraction_are_those_of_the_objective(
    make_engine: EngineFactory, tiny_model_dir: Path
) -> None:
    engine = make_engine(beta=0.05, epsilon=0.2, temperature=0.7, micro_batch_size=3)
    engine.step(fixed_batch(6, seed=1))  # move the policy away from the reference first
    batch = fixed_batch(7, seed=2, logprob_noise=0.6)
    reference = AutoModelForCausalLM.from_pretrained(tiny_model_dir).eval()
    expected = objective(policy_copy(engine, tiny_model_dir), reference, batch, 0.05, 0.2, 0.7)
    result = engine.step(batch)
    assert (result.loss, result.kl, result.clip_fraction) == pytest.approx(expected, rel=1e-4, abs=1e-6)
    assert result.kl > 0 and 0 < result.clip_fraction < 1
    assert (result.samples, result.tokens, result.policy_version) == (7, sum(s.tokens for s in batch), 2)


def test_kl_is_zero_while_the_policy_is_the_reference(make_engine: EngineFactory) -> None:
    engine = make_engine(beta=0.04)
    first = engine.step(fixed_batch(4, seed=3))
    assert first.kl == 0.0
    assert engine.step(fixed_batch(4, seed=3)).kl > 0


def test_a_positive_advantage_raises_its_completions_logprob_and_a_negative_one_lowers_it(
    make_engine: EngineFactory, tiny_model_dir: Path
) -> None:
    engine = make_engine(learning_rate=1e-3)
    batch = fixed_batch(4, seed=4)
    rewarded, punished = (
        TrainSample(batch[0].prompt_ids, batch[0].completion_ids, 1.0, None),
        TrainSample(batch[1].prompt_ids, batch[1].completion_ids, -1.0, None),
    )
    batch = [rewarded, punished, *(TrainSample(s.prompt_ids, s.completion_ids, 0.0, None) for s in batch[2:])]
    before = policy_copy(engine, tiny_model_dir)
    engine.step(batch)
    after = policy_copy(engine, tiny_model_dir)
    assert completion_logprobs(after, rewarded, 0.6).sum() > completion_logprobs(before, rewarded, 0.6).sum()
    assert completion_logprobs(after, punished, 0.6).sum() < completion_logprobs(before, punished, 0.6).sum()
