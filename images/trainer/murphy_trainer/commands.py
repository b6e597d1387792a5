"""Commands that rank 0 hands to every rank, and the loop that runs them in lockstep.

Rank 0 receives gRPC calls and turns them into commands; every rank (rank 0 included) runs each command
on its engine in the same order, so the collectives inside a step or a checkpoint line up. The
commands travel over a gloo group of their own with a long timeout: ranks wait there between steps
for as long as the coordinator takes to produce the next batch.
"""

from __future__ import annotations

import datetime
import logging
import queue
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import torch.distributed as dist

from murphy_trainer.engine import TrainingEngine
from murphy_trainer.samples import TrainSample

log = logging.getLogger("murphy_trainer")
IDLE_TIMEOUT = datetime.timedelta(days=7)


@dataclass(frozen=True)
class Train:
    samples: list[TrainSample]
    expected_version: int | None = None  # apply only at this policy version (retries are not applied twice)
    total_steps: int | None = None  # the run's length (the linear learning-rate schedule's)


@dataclass(frozen=True)
class Export:
    directory: Path | None


@dataclass(frozen=True)
class Checkpoint:
    pass


@dataclass(frozen=True)
class Stop:
    pass


Command = Train | Export | Checkpoint | Stop


class StaleStep(Exception):
    """A Train whose expected policy version is not the trainer's: it was applied already or is out of order."""


def run(engine: TrainingEngine, command: Command) -> Any:
    if isinstance(command, Train):
        return engine.step(command.samples, command.total_steps)
    if isinstance(command, Export):
        return engine.export(command.directory)
    if isinstance(command, Checkpoint):
        return engine.save_checkpoint()
    return None


class Channel(Protocol):
    def share(self, command: Command | None) -> Command: ...


class LocalChannel:
    """One process: nothing to share."""

    def share(self, command: Command | None) -> Command:
        assert command is not None
        return command


class BroadcastChannel:
    """Rank 0's command, received by every rank."""

    def __init__(self) -> None:
        self._group = dist.new_group(backend="gloo", timeout=IDLE_TIMEOUT)

    def share(self, command: Command | None) -> Command:
        box = [command]
        dist.broadcast_object_list(box, src=0, group=self._group)
        assert box[0] is not None
        return box[0]


def follow(engine: TrainingEngine, channel: Channel) -> None:
    """Ranks other than 0: run what rank 0 shares until it says Stop."""
    while not isinstance(command := channel.share(None), Stop):
        run(engine, command)


@dataclass
class Job:
    command: Command
    result: Future[Any]


def lead(engine: TrainingEngine, channel: Channel, jobs: queue.Queue[Job]) -> None:
    """Rank 0: take jobs from the gRPC threads one at a time, share them, run them, answer."""
    while True:
        job = jobs.get()
        command = job.command
        if isinstance(command, Train) and command.expected_version not in (None, engine.policy_version):
            job.result.set_exception(
                StaleStep(
                    f"policy_version: the trainer is at policy version {engine.policy_version}, "
                    f"the request expects {command.expected_version}"
                )
            )
            continue
        channel.share(command)
        if isinstance(command, Stop):
            job.result.set_result(None)
            return
        try:
            job.result.set_result(run(engine, command))
        except BaseException as error:
            # A failed step leaves the ranks out of step: report it, then stop so that the trainer is
            # restarted from its last checkpoint.
            log.exception("%s failed; stopping", type(command).__name__)
            job.result.set_exception(error)
            raise
