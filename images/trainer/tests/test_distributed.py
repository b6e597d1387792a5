"""Data parallel: `torchrun --nproc-per-node 2` (gloo, CPU) applies the same update as one process."""

import sys
from pathlib import Path

import pytest
from murphy_inference import processes
from murphy_trainer.gen.murphy.v1 import trainer_pb2 as pb
from murphy_trainer.gen.murphy.v1.trainer_pb2_grpc import TrainerStub
from murphy_trainer.service import train_request
from safetensors.torch import load_file
from trainer_fixtures import fixed_batch, write_run


def train_and_export(launcher: list[str], tiny_model_dir: Path, workdir: Path) -> tuple[pb.TrainResponse, dict]:
    workdir.mkdir()
    run = write_run(workdir / "run.yaml", learningRate=1e-2, beta=0.05, temperature=0.8)
    trainer = processes.start_trainer(
        tiny_model_dir, workdir / "ckpt", "--config", str(run), "--micro-batch-size", "2", launcher=launcher
    )
    try:
        stub = TrainerStub(trainer.channel())
        # 7 samples: uneven shards (4 and 3) and micro-batches of different sizes on each rank.
        response = stub.Train(train_request(fixed_batch(7, seed=20, logprob_noise=0.5)))
        assert stub.Health(pb.TrainerHealthRequest()).world_size == (2 if "torch.distributed.run" in launcher else 1)
        exported = stub.ExportWeights(pb.ExportWeightsRequest(directory=str(workdir / "export")))
        return response, load_file(str(Path(exported.directory) / "model.safetensors"))
    finally:
        trainer.stop()


def test_two_ranks_apply_the_update_of_one_process(tiny_model_dir: Path, tmp_path: Path) -> None:
    single, single_weights = train_and_export([sys.executable], tiny_model_dir, tmp_path / "one")
    double, double_weights = train_and_export(
        [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node", "2"],
        tiny_model_dir,
        tmp_path / "two",
    )
    assert (double.loss, double.kl, double.clip_fraction, double.grad_norm) == pytest.approx(
        (single.loss, single.kl, single.clip_fraction, single.grad_norm), rel=1e-5, abs=1e-7
    )
    assert (double.tokens, double.samples, double.policy_version) == (single.tokens, single.samples, 1)
    initial = load_file(str(tiny_model_dir / "model.safetensors"))
    moved = max((single_weights[k] - initial[k]).abs().max().item() for k in initial)
    assert moved > 1e-3  # the step did change the weights
    for name, tensor in single_weights.items():
        assert (double_weights[name] - tensor).abs().max().item() < 1e-6, name
