"""The decoupled objective the step pipeline trains with (training.maxPolicyLag, docs/coordinator.md):
the clipped ratio against the trainer's own policy before the step (the proximal policy) and the
truncated importance weight min(pi_proximal / pi_sampler, cap). At lag 0 the sampler is the proximal
policy, every weight is 1, and the step is today's: the same loss and the same updated weights."""

from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import torch
from conftest import EngineFactory
from murphy_trainer.engine import TrainingEngine
from murphy_trainer.samples import TrainSample
from reference_objective import completion_logprobs
from test_objective import policy_copy, weights
from trainer_fixtures import fixed_batch

TEMPERATURE = 0.7


def sampled_by(policy: torch.nn.Module, batch: list[TrainSample]) -> list[TrainSample]:
    """The batch as if `policy` had sampled it: its own log-probs as the sampling log-probs."""
    with torch.no_grad():
        return [replace(s, sampling_logprobs=completion_logprobs(policy, s, TEMPERATURE).tolist()) for s in batch]


@dataclass
class StepUpdate:
    loss: float
    change: dict[str, torch.Tensor]  # weights after the step minus weights before


def step_update(engine: TrainingEngine, batch: list[TrainSample]) -> StepUpdate:
    before = weights(engine)
    loss = engine.step(batch).loss
    return StepUpdate(loss, {name: tensor - before[name] for name, tensor in weights(engine).items()})


def update_difference(change_a: dict[str, torch.Tensor], change_b: dict[str, torch.Tensor]) -> float:
    """The largest, over tensors, of |change_a - change_b| / |change_a| (L2 norms of a step's changes).

    A norm, not an element-wise bound: the weights are 1 - 1e-7 instead of 1, and AdamW's normalised
    update m / (sqrt(v) + eps) can turn that rounding into a sizeable part of one element's step where
    that element's gradient is near zero (how far depends on the CPU's float kernels); over a tensor it
    stays a rounding error, while a real change of the objective moves the whole update."""
    worst = 0.0
    for name, a in change_a.items():
        if a.norm() > 0:
            worst = max(worst, float((a - change_b[name]).norm() / a.norm()))
    return worst


@pytest.mark.parametrize("level", ["token", "sequence"])
def test_at_lag_zero_the_corrected_step_is_the_uncorrected_one(
    make_engine: EngineFactory, tiny_model_dir: Path, level: str
) -> None:
    settings = {"learning_rate": 1e-2, "beta": 0.05, "temperature": TEMPERATURE, "micro_batch_size": 4}
    plain = make_engine(**settings)
    corrected = make_engine(**settings, importance_sampling=level, importance_sampling_cap=1.0)
    warm_up = fixed_batch(6, seed=8)
    plain.step(warm_up)  # both move away from the model as saved, alike
    corrected.step(sampled_by(policy_copy(corrected, tiny_model_dir), warm_up))
    batch = sampled_by(policy_copy(corrected, tiny_model_dir), fixed_batch(9, seed=3))

    plain_update, corrected_update = step_update(plain, batch), step_update(corrected, batch)
    assert corrected_update.loss == pytest.approx(plain_update.loss, rel=1e-5, abs=1e-7)
    assert update_difference(plain_update.change, corrected_update.change) < 1e-3


def test_at_lag_one_the_correction_changes_the_step(make_engine: EngineFactory, tiny_model_dir: Path) -> None:
    """The same check fails when the sampler lags a step behind: the test above can see a difference."""
    settings = {"learning_rate": 1e-2, "beta": 0.05, "temperature": TEMPERATURE, "micro_batch_size": 4}
    plain = make_engine(**settings)
    corrected = make_engine(**settings, importance_sampling="token", importance_sampling_cap=3.0)
    stale_policy = policy_copy(corrected, tiny_model_dir)  # version 0
    warm_up = fixed_batch(6, seed=8)
    plain.step(warm_up)
    corrected.step(sampled_by(stale_policy, warm_up))
    batch = sampled_by(stale_policy, fixed_batch(9, seed=3))  # sampled by version 0, trained at version 1
    plain_update, corrected_update = step_update(plain, batch), step_update(corrected, batch)
    assert abs(corrected_update.loss - plain_update.loss) > 1e-4 * max(1.0, abs(plain_update.loss))
    assert update_difference(plain_update.change, corrected_update.change) > 1e-2
