"""Two ranks (`torchrun --nproc-per-node 2`, gloo, CPU), replicated (DDP) or sharded (FSDP2), apply the
same update as one process, and all of them the independent computation of the objective (Def. 1 on a
batch of unequal groups, one of them split across the ranks)."""

import sys
from dataclasses import dataclass
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
# 7 samples in groups of 3, 2, 1 and 1. Rank 0 trains on samples 0-3, rank 1 on 4-6, in micro-batches of
# 2: group g0 is split across rank 0's micro-batches and g1 across the ranks (its 1/G_s = 1/2 weights
# must hold on both), and the micro-batches differ in size (rank 1's second one is padded).
BATCH = grouped_batch([3, 2, 1, 1], seed=20)
TWO_RANKS = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node", "2"]
# Two ranks sum their gradients in another order than one process's single backward pass (each rank
# first over its own samples, then over the ranks), so float32 gradients differ in their last bits. AdamW's
# first step moves a weight by lr * g / (|g| + 1e-8): about lr whatever the gradient's size, except where
# |g| is near AdamW's epsilon, where a rounding difference of 1e-10 in g moves the step by up to 0.25 % of
# lr. 1 % of one step bounds that; a wrong sign or a lost sample moves weights by up to 2 lr, and a wrong
# weight (of a group split across ranks, say) shows in the loss and the gradient norm, compared to 1e-5.
SAME_UPDATE = 1e-2 * SETTINGS["learning_rate"]


# (loss, gradient norm) of the step and the weights after it.
Objective = tuple[tuple[float, float], dict[str, torch.Tensor]]


@dataclass(frozen=True)
class Trained:
    response: pb.TrainResponse
    weights: dict[str, torch.Tensor]
    output: str


def train_and_export(launcher: list[str], tiny_model_dir: Path, workdir: Path, sharding: str = "none") -> Trained:
    """One Train and an export by a trainer started with `launcher`."""
    run = write_run(
        workdir / "run.yaml", {"sharding": sharding}, learningRate=1e-2, beta=0.05, temperature=0.8, weightDecay=0.0
    )
    trainer = processes.start_trainer(
        tiny_model_dir, workdir / "ckpt", "--config", str(run), "--micro-batch-size", "2", launcher=launcher
    )
    try:
        stub = TrainerStub(trainer.channel())
        response = stub.Train(train_request(BATCH, total_steps=1))
        assert stub.Health(pb.TrainerHealthRequest()).world_size == (2 if launcher is TWO_RANKS else 1)
        exported = stub.ExportWeights(pb.ExportWeightsRequest(directory=str(workdir / "export")))
        return Trained(response, load_file(str(Path(exported.directory) / "model.safetensors")), trainer.output())
    finally:
        trainer.stop()


@pytest.fixture(scope="module")
def one_process(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Trained:
    return train_and_export([sys.executable], tiny_model_dir, tmp_path_factory.mktemp("one"))


@pytest.fixture(scope="module")
def objective(tiny_model_dir: Path) -> Objective:
    """(loss, grad norm) and the weights after the step, computed without the trainer."""
    [loss_and_norm], weights = independent_steps(tiny_model_dir, [BATCH], **SETTINGS)
    # The batch tells Def. 1's weighting from the plain mean over samples, so the comparisons below check it.
    [per_sample], _ = independent_steps(tiny_model_dir, [BATCH], **SETTINGS, aggregation="sample")
    assert per_sample != pytest.approx(loss_and_norm, rel=1e-2)
    return loss_and_norm, weights


def largest_difference(weights: dict[str, torch.Tensor], others: dict[str, torch.Tensor]) -> tuple[float, str]:
    """The largest difference of any of `weights` to the same tensor of `others`, and its name."""
    return max(((weights[k] - others[k].to(weights[k].dtype)).abs().max().item(), k) for k in weights)


def assert_same_step(two: Trained, one: Trained, tiny_model_dir: Path) -> float:
    """The responses agree and the weights are within SAME_UPDATE; returns the largest difference."""
    assert (two.response.loss, two.response.kl, two.response.clip_fraction, two.response.grad_norm) == pytest.approx(
        (one.response.loss, one.response.kl, one.response.clip_fraction, one.response.grad_norm), rel=1e-5, abs=1e-7
    )
    assert (two.response.tokens, two.response.samples, two.response.policy_version) == (
        one.response.tokens,
        one.response.samples,
        1,
    )
    moved, _ = largest_difference(one.weights, load_file(str(tiny_model_dir / "model.safetensors")))
    assert moved > 1e-3  # the step did change the weights
    assert two.weights.keys() == one.weights.keys()  # the tied lm_head once, gathered from shards or not
    difference, name = largest_difference(one.weights, two.weights)
    assert difference < SAME_UPDATE, name
    return difference


def assert_objective(two: Trained, objective: Objective) -> None:
    (loss, grad_norm), expected = objective
    assert (two.response.loss, two.response.grad_norm) == pytest.approx((loss, grad_norm), rel=1e-4)
    # The yardstick runs every sample in a forward pass of its own (other shapes, no padding), so its
    # gradients differ from the trainer's by more than the order of a sum, and AdamW amplifies that where
    # |g| is near its epsilon (as above): 10 % of one step (one q_proj weight differs by 6 % on this batch).
    difference, name = largest_difference(two.weights, expected)
    assert difference < 0.1 * SETTINGS["learning_rate"], name


def test_two_replicated_ranks_apply_the_update_of_one_process_and_of_the_objective(
    one_process: Trained, objective: Objective, tiny_model_dir: Path, tmp_path: Path
) -> None:
    two = train_and_export(TWO_RANKS, tiny_model_dir, tmp_path)
    assert "2 rank(s) (replicated, fp32, activation checkpointing)" in two.output
    assert_same_step(two, one_process, tiny_model_dir)
    assert_objective(two, objective)


def test_two_sharded_ranks_apply_the_update_of_one_process_and_of_the_objective(
    one_process: Trained, objective: Objective, tiny_model_dir: Path, tmp_path: Path
) -> None:
    two = train_and_export(TWO_RANKS, tiny_model_dir, tmp_path, sharding="fsdp")
    # The layout names what the prepared policy is: FSDP2 only when its parameters are sharded DTensors.
    assert "2 rank(s) (FSDP2, fp32, activation checkpointing)" in two.output
    difference = assert_same_step(two, one_process, tiny_model_dir)
    print(f"FSDP2 on 2 ranks vs one process: largest weight difference {difference:.3g}")
    assert_objective(two, objective)
