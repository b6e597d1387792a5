"""Fixtures shared by the trainer tests: the tiny model (built once per session), engines, fixed batches."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from murphy_inference import tiny_model
from murphy_trainer.engine import TrainingEngine
from murphy_trainer.settings import TrainSettings
from transformers.utils import logging as transformers_logging

transformers_logging.disable_progress_bar()


@pytest.fixture(scope="session")
def tiny_model_dir() -> Path:
    return tiny_model.ensure()


EngineFactory = Callable[..., TrainingEngine]


@pytest.fixture
def make_engine(tiny_model_dir: Path, tmp_path: Path) -> EngineFactory:
    """A trainer on the tiny model; keyword arguments override TrainSettings (checkpoints off and a constant
    learning rate by default: the tests' steps are no run of a known length)."""

    def make(checkpoint_dir: Path | None = None, **overrides: object) -> TrainingEngine:
        defaults = {"learning_rate": 1e-3, "checkpoint_interval": 0, "lr_schedule": "constant"}
        settings = TrainSettings(**{**defaults, **overrides})  # type: ignore[arg-type]
        return TrainingEngine(tiny_model_dir, settings, checkpoint_dir or tmp_path / "checkpoints")

    return make
