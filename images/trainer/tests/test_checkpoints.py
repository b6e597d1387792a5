"""Checkpoint, restart, resume: the next step is the one the trainer would have taken anyway."""

from pathlib import Path

import pytest
import torch
from conftest import EngineFactory
from murphy_inference import processes
from murphy_trainer import checkpoints
from murphy_trainer.engine import TrainingEngine
from murphy_trainer.gen.murphy.v1 import trainer_pb2 as pb
from murphy_trainer.gen.murphy.v1.trainer_pb2_grpc import TrainerStub
from murphy_trainer.service import train_request
from trainer_fixtures import fixed_batch, write_run


def weights(engine: TrainingEngine) -> dict[str, torch.Tensor]:
    return {
        k: v.detach().clone() for k, v in engine.trainer.accelerator.unwrap_model(engine.model).state_dict().items()
    }


@pytest.mark.parametrize("schedule", ["constant", "linear"])
def test_a_restarted_trainer_takes_the_identical_next_step(
    make_engine: EngineFactory, tmp_path: Path, schedule: str
) -> None:
    first, second = fixed_batch(6, seed=10, logprob_noise=0.5), fixed_batch(6, seed=11, logprob_noise=0.5)
    total = 4  # the run's steps: the linear schedule's second step has 3/4 of the learning rate
    original = make_engine(tmp_path / "run", micro_batch_size=4, lr_schedule=schedule)
    original.step(first, total)
    saved = original.save_checkpoint()
    assert saved.directory == tmp_path / "run" / "checkpoint-1"
    expected = original.step(second, total)
    expected_weights = weights(original)
    assert expected.learning_rate == pytest.approx(1e-3 * (0.75 if schedule == "linear" else 1.0))

    restarted = make_engine(tmp_path / "run", micro_batch_size=4, lr_schedule=schedule)
    assert restarted.resumed_from == saved.directory and restarted.policy_version == 1
    result = restarted.step(second, total)
    fields = ("loss", "kl", "clip_fraction", "grad_norm", "policy_version", "learning_rate")
    assert [getattr(result, f) for f in fields] == [getattr(expected, f) for f in fields]
    for name, tensor in weights(restarted).items():
        assert torch.equal(tensor, expected_weights[name]), name


def test_an_unfinished_checkpoint_is_not_resumed_from(make_engine: EngineFactory, tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "run", checkpoint_interval=1)
    engine.step(fixed_batch(4, seed=12))
    engine.step(fixed_batch(4, seed=13))
    (tmp_path / "run" / "checkpoint-2" / checkpoints.COMPLETE_MARKER).unlink()  # as if killed while saving
    assert checkpoints.latest(tmp_path / "run") == tmp_path / "run" / "checkpoint-1"
    assert make_engine(tmp_path / "run").policy_version == 1


def test_sigterm_saves_a_checkpoint_and_a_new_process_resumes_from_it(tiny_model_dir: Path, tmp_path: Path) -> None:
    run = str(write_run(tmp_path / "run.yaml"))
    batch = train_request(fixed_batch(4, seed=14), total_steps=4)
    trainer = processes.start_trainer(tiny_model_dir, tmp_path / "ckpt", "--config", run)
    try:
        assert TrainerStub(trainer.channel()).Train(batch).policy_version == 1
    finally:
        assert trainer.stop() == 0, trainer.output()
    assert checkpoints.latest(tmp_path / "ckpt") == tmp_path / "ckpt" / "checkpoint-1"
    restarted = processes.start_trainer(tiny_model_dir, tmp_path / "ckpt", "--config", run)
    try:
        stub = TrainerStub(restarted.channel())
        health = stub.Health(pb.TrainerHealthRequest())
        assert (health.policy_version, Path(health.last_checkpoint).name) == (1, "checkpoint-1")
        batch.policy_version = 1
        assert stub.Train(batch).policy_version == 2
    finally:
        assert restarted.stop() == 0, restarted.output()
