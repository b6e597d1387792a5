"""The learning-rate schedule (spec.training.lrSchedule) against transformers' own linear schedule, and
through the engine's steps."""

import pytest
import torch
from conftest import EngineFactory
from murphy_trainer.schedule import check_total_steps, learning_rate_at
from trainer_fixtures import fixed_batch
from transformers import get_linear_schedule_with_warmup


def transformers_rates(learning_rate: float, total: int, steps: int) -> list[float]:
    """The rate of each step under transformers' linear schedule without warm-up (TRL's GRPO default)."""
    optimizer = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=learning_rate)
    scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=0, num_training_steps=total)
    rates = []
    for _ in range(steps):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return rates


def test_linear_is_transformers_linear_schedule_and_constant_keeps_the_rate() -> None:
    rates = [learning_rate_at("linear", 2e-6, step, 7) for step in range(9)]
    assert rates == pytest.approx(transformers_rates(2e-6, 7, 9), rel=1e-12, abs=1e-18)
    assert rates[0] == 2e-6 and rates[-2:] == [0.0, 0.0]  # zero after the run's last step, never negative
    assert [learning_rate_at("constant", 2e-6, step, None) for step in (0, 5, 100)] == [2e-6] * 3


def test_linear_needs_the_runs_total_steps() -> None:
    with pytest.raises(ValueError, match=r"^total_steps: spec\.training\.lrSchedule linear decays"):
        check_total_steps("linear", None)
    with pytest.raises(ValueError, match=r"^total_steps: 0 is not a number of steps"):
        check_total_steps("constant", 0)
    check_total_steps("constant", None)


def test_the_engine_trains_each_step_at_the_schedules_rate(make_engine: EngineFactory) -> None:
    engine = make_engine(learning_rate=1e-3, lr_schedule="linear")
    rates = [engine.step(fixed_batch(2, seed=40 + i), 3).learning_rate for i in range(3)]
    assert rates == pytest.approx([1e-3, 2e-3 / 3, 1e-3 / 3])
    # what AdamW read in the last step
    assert [group["lr"] for group in engine.trainer.optimizer.param_groups] == pytest.approx([1e-3 / 3] * 2)
