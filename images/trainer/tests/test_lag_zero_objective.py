"""The decoupled objective the step pipeline trains with (training.maxPolicyLag, docs/coordinator.md):
the clipped ratio against the trainer's own policy before the step (the proximal policy) and the
truncated importance weight min(pi_proximal / pi_sampler, cap), on completions the hf backend's sampler
drew with top-p (its log-probs over the nucleus, as inference reports them). At lag 0 the sampler is the
proximal policy, every weight is 1, and the step is the uncorrected one: the same loss and the same
updated weights."""

from dataclasses import dataclass
from pathlib import Path

import pytest
import torch
from conftest import EngineFactory
from murphy_trainer.engine import TrainingEngine
from murphy_trainer.samples import TrainSample
from test_objective import policy_copy, weights
from trainer_fixtures import sampled_batch

TEMPERATURE, TOP_P = 0.7, 0.9
SETTINGS = {"learning_rate": 1e-2, "beta": 0.05, "temperature": TEMPERATURE, "top_p": TOP_P, "micro_batch_size": 4}


def sampled_by(policy: torch.nn.Module, seed: int) -> list[TrainSample]:
    return sampled_batch(policy, TEMPERATURE, TOP_P, seed)


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
    plain = make_engine(**SETTINGS)
    corrected = make_engine(**SETTINGS, importance_sampling=level, importance_sampling_cap=1.0)
    warm_up = sampled_by(policy_copy(corrected, tiny_model_dir), seed=8)
    plain.step(warm_up)  # both move away from the model as saved, alike
    corrected.step(warm_up)
    batch = sampled_by(policy_copy(corrected, tiny_model_dir), seed=3)

    plain_update, corrected_update = step_update(plain, batch), step_update(corrected, batch)
    # The weights are 1 up to float rounding (within 2e-6: the sampler's batched, cached forward pass and the
    # trainer's differ in the last bits), and the loss, a sum of terms of about 0.1 that mostly cancel, to
    # as much of that sum.
    assert corrected_update.loss == pytest.approx(plain_update.loss, rel=1e-5, abs=2e-6)
    assert update_difference(plain_update.change, corrected_update.change) < 1e-3


@pytest.mark.parametrize("level", ["token", "sequence"])
def test_at_lag_zero_the_step_reports_importance_weights_of_one(
    make_engine: EngineFactory, tiny_model_dir: Path, level: str
) -> None:
    # A cap above 1, so that a weight above 1 would show in the max instead of being cut to 1.
    engine = make_engine(**SETTINGS, importance_sampling=level, importance_sampling_cap=3.0)
    engine.step(sampled_by(policy_copy(engine, tiny_model_dir), seed=8))
    reported = engine.step(sampled_by(policy_copy(engine, tiny_model_dir), seed=3)).importance_weights
    assert reported is not None
    assert (reported.mean, reported.min, reported.max) == pytest.approx((1.0, 1.0, 1.0), rel=0, abs=1e-5)


def test_without_the_correction_the_step_reports_no_importance_weights(
    make_engine: EngineFactory, tiny_model_dir: Path
) -> None:
    engine = make_engine(**SETTINGS)
    assert engine.step(sampled_by(policy_copy(engine, tiny_model_dir), seed=3)).importance_weights is None


def test_at_lag_one_the_correction_changes_the_step(make_engine: EngineFactory, tiny_model_dir: Path) -> None:
    """The same check fails when the sampler lags a step behind: the test above can see a difference."""
    plain = make_engine(**SETTINGS)
    corrected = make_engine(**SETTINGS, importance_sampling="token", importance_sampling_cap=3.0)
    stale_policy = policy_copy(corrected, tiny_model_dir)  # version 0
    warm_up = sampled_by(stale_policy, seed=8)
    plain.step(warm_up)
    corrected.step(warm_up)
    batch = sampled_by(stale_policy, seed=3)  # sampled by version 0, trained at version 1
    plain_update, corrected_update = step_update(plain, batch), step_update(corrected, batch)
    assert abs(corrected_update.loss - plain_update.loss) > 1e-4 * max(1.0, abs(plain_update.loss))
    assert update_difference(plain_update.change, corrected_update.change) > 1e-2
