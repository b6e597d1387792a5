"""The learning-rate schedule (spec.training.lrSchedule); pure, no torch.

- "constant": the learning rate at every step;
- "linear": decays from the learning rate at the first step to zero after the run's last, as
  transformers' linear schedule without warm-up (TRL's GRPO default, which the paper trained with):
  lr_t = lr * (total - t) / total for the step t = 0, 1, ... of a run of `total` steps.

The rate is a function of the step count alone, which a restarted trainer reads from its checkpoint, so
the schedule goes on where it stopped. The run's total steps depend on the dataset, which only the
coordinator reads: they come with every Train request.
"""

from __future__ import annotations

SCHEDULES = ("constant", "linear")


def check_total_steps(schedule: str, total_steps: int | None) -> None:
    """Raises ValueError when the schedule cannot be followed with the request's total_steps."""
    if schedule == "linear" and total_steps is None:
        raise ValueError(
            "total_steps: spec.training.lrSchedule linear decays the learning rate over the run's steps; "
            "send the run's total steps with every Train request (murphy's coordinator does), "
            "or use lrSchedule: constant"
        )
    if total_steps is not None and total_steps < 1:
        raise ValueError(f"total_steps: {total_steps} is not a number of steps (at least 1)")


def learning_rate_at(schedule: str, learning_rate: float, step: int, total_steps: int | None) -> float:
    """The learning rate of step `step` (0 for the first step of the run)."""
    if schedule not in SCHEDULES:
        raise ValueError(f"lrSchedule: {schedule!r} is not one of {', '.join(SCHEDULES)}")
    check_total_steps(schedule, total_steps)
    if schedule == "constant":
        return learning_rate
    assert total_steps is not None
    return learning_rate * max(0.0, (total_steps - step) / total_steps)
