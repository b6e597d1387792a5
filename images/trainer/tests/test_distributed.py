"""Data parallel: `torchrun --nproc-per-node 2` (gloo, CPU) applies the same update as one process, and
both are the independent computation of the objective (Def. 1 on a batch of unequal groups)."""

import sys
from pathlib import Path

import pytest
import torch
from murphy_inference import processes
from murphy_trainer.gen.murphy.v1 import trainer_pb2 as pb
from murphy_trainer.gen.murphy.v1.trainer_pb2_grpc import TrainerStub
from murphy_trainer.service import train_request
from reference_objective import independent_steps
from safetensors.torch import load_file
from trainer_fixtures import grouped_batch, write_run

SETTINGS = {"learning_rate": 1e-2, "beta": 0.05, "epsilon": 0.2, "temperature": 0.8, "max_grad_norm": 1.0}
# 7 samples in groups of 3, 1, 2 and 1: uneven shards (4 and 3), micro-batches of different sizes on each
# rank, and groups split across micro-batches and ranks.
BATCH = grouped_batch([3, 1, 2, 1], seed=20)


TWO_RANKS = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node", "2"]


def train_and_export(
    launcher: list[str], tiny_model_dir: Path, workdir: Path
) -> tuple[pb.TrainResponse, dict[str, torch.Tensor], str]:
    """One Train and an export; returns the response, the exported weights and the trainer's output."""
    workdir.mkdir()
    run = write_run(workdir / "run.yaml", learningRate=1e-2, beta=0.05, temperature=0.8, weightDecay=0.0)
    trainer = processes.start_trainer(
        tiny_model_dir, workdir / "ckpt", "--config", str(run), "--micro-batch-size", "2", launcher=launcher
    )
    try:
        stub = TrainerStub(trainer.channel())
        response = stub.Train(train_request(BATCH))
        assert stub.Health(pb.TrainerHealthRequest()).world_size == (2 if "torch.distributed.run" in launcher else 1)
        exported = stub.ExportWeights(pb.ExportWeightsRequest(directory=str(workdir / "export")))
        return response, load_file(str(Path(exported.directory) / "model.safetensors")), trainer.output()
    finally:
        trainer.stop()


def test_two_ranks_apply_the_update_of_one_process_and_of_the_objective(tiny_model_dir: Path, tmp_path: Path) -> None:
    single, single_weights, _ = train_and_export([sys.executable], tiny_model_dir, tmp_path / "one")
    double, double_weights, output = train_and_export(TWO_RANKS, tiny_model_dir, tmp_path / "two")
    assert "2 rank(s) (replicated, fp32, activation checkpointing)" in output
    assert (double.loss, double.kl, double.clip_fraction, double.grad_norm) == pytest.approx(
        (single.loss, single.kl, single.clip_fraction, single.grad_norm), rel=1e-5, abs=1e-7
    )
    assert (double.tokens, double.samples, double.policy_version) == (single.tokens, single.samples, 1)
    initial = load_file(str(tiny_model_dir / "model.safetensors"))
    moved = max((single_weights[k] - initial[k]).abs().max().item() for k in initial)
    assert moved > 1e-3  # the step did change the weights
    for name, tensor in single_weights.items():
        # Within 0.1 % of one learning-rate step: the ranks sum their gradients in another order.
        assert (double_weights[name] - tensor).abs().max().item() < 1e-3 * SETTINGS["learning_rate"], name

    [(loss, grad_norm)], expected = independent_steps(tiny_model_dir, [BATCH], **SETTINGS)
    assert (double.loss, double.grad_norm) == pytest.approx((loss, grad_norm), rel=1e-4)
    for name, tensor in double_weights.items():
        # Within 5 % of one learning-rate step (Adam amplifies rounding where gradients are near zero).
        assert (tensor - expected[name].to(tensor.dtype)).abs().max().item() < 0.05 * SETTINGS["learning_rate"], name

