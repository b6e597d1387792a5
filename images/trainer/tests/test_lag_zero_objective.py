"""The decoupled objective the step pipeline trains with (training.maxPolicyLag, docs/coordinator.md):
the clipped ratio against the trainer's own policy before the step (the proximal policy) and the
truncated importance weight min(pi_proximal / pi_sampler, cap). At lag 0 the sampler is the proximal
policy, every weight is 1, and the step is today's: the same loss and the same updated weights."""

from dataclasses import replace
from pathlib import Path

import pytest
import torch
from conftest import EngineFactory
from murphy_trainer.samples import TrainSample
from reference_objective import completion_logprobs
from test_objective import policy_copy, weights
from trainer_fixtures import fixed_batch

TEMPERATURE = 0.7


def sampled_by(policy: torch.nn.Module, batch: list[TrainSample]) -> list[TrainSample]:
    """The batch as if `policy` had sampled it: its own log-probs as the sampling log-probs."""
    with torch.no_grad():
        return [replace(s, sampling_logprobs=completion_logprobs(policy, s, TEMPERATURE).tolist()) for s in batch]


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

    plain_result, corrected_result = plain.step(batch), corrected.step(batch)
    assert corrected_result.loss == pytest.approx(plain_result.loss, rel=1e-5, abs=1e-7)
    after_plain, after_corrected = weights(plain), weights(corrected)
    # Equal up to float rounding of the weight (1 - 1e-7 instead of 1), which AdamW's normalised update
    # can turn into 1e-5 on a parameter whose step is learning_rate = 1e-2: a thousandth of one update.
    for name, tensor in after_plain.items():
        torch.testing.assert_close(after_corrected[name], tensor, rtol=0, atol=1e-4)


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
    plain_result, corrected_result = plain.step(batch), corrected.step(batch)
    assert abs(corrected_result.loss - plain_result.loss) > 1e-4 * max(1.0, abs(plain_result.loss))
