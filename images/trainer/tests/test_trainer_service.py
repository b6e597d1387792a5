"""The trainer service through gRPC, served by a real `python -m murphy_trainer` process."""

import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from murphy_inference import processes
from murphy_inference.gen.murphy.v1 import executor_pb2
from murphy_trainer.engine import StepResult
from murphy_trainer.gen.murphy.v1 import trainer_pb2 as pb
from murphy_trainer.gen.murphy.v1.trainer_pb2_grpc import TrainerStub
from murphy_trainer.importance_weights import ImportanceWeights
from murphy_trainer.metrics import TrainerMetrics
from murphy_trainer.service import importance_weights_message, train_request
from prometheus_client import generate_latest
from safetensors.torch import load_file
from trainer_fixtures import fixed_batch, write_run

RUN_STEPS = 10  # the run's total steps the requests name (the default schedule decays over them)


@pytest.fixture(scope="module")
def trainer(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[processes.RunningService]:
    workdir = tmp_path_factory.mktemp("trainer")
    service = processes.start_trainer(
        tiny_model_dir, workdir / "ckpt", "--config", str(write_run(workdir / "run.yaml"))
    )
    yield service
    assert service.stop() == 0, service.output()


@pytest.fixture(scope="module")
def stub(trainer: processes.RunningService) -> TrainerStub:
    return TrainerStub(trainer.channel())


def test_train_steps_report_the_step_and_refuse_a_repeated_policy_version(stub: TrainerStub) -> None:
    version = stub.Health(pb.TrainerHealthRequest()).policy_version
    batch = fixed_batch(5, seed=30)
    response = stub.Train(train_request(batch, policy_version=version, total_steps=RUN_STEPS))
    assert response.policy_version == version + 1
    assert (response.samples, response.tokens) == (5, sum(s.tokens for s in batch))
    # The schema's default learning rate on its default schedule: linear over the run's steps.
    assert response.grad_norm > 0 and response.seconds > 0
    assert response.learning_rate == pytest.approx(1e-6 * (RUN_STEPS - version) / RUN_STEPS)
    assert not response.HasField("importance_weights")  # importanceSampling is none at maxPolicyLag 0
    with pytest.raises(grpc.RpcError) as raised:
        # a retry of the step just applied
        stub.Train(train_request(batch, policy_version=version, total_steps=RUN_STEPS))
    assert raised.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert f"at policy version {version + 1}" in raised.value.details()


def test_the_step_importance_weights_become_the_response_message() -> None:
    message = importance_weights_message(ImportanceWeights(mean=0.9, min=0.25, max=3.0))
    assert (message.mean, message.min, message.max) == (0.9, 0.25, 3.0)
    assert importance_weights_message(None) is None


@pytest.mark.parametrize("weights", [ImportanceWeights(mean=0.9, min=0.25, max=3.0), None])
def test_the_importance_weight_gauge_is_exported_only_with_the_correction(weights: ImportanceWeights | None) -> None:
    metrics = TrainerMetrics()
    metrics.record_step(StepResult(0.1, 0.0, 0.0, 1.0, 10, 2, 0.5, 1, 1e-6, importance_weights=weights))
    text = generate_latest(metrics.registry).decode()
    exported = re.findall(r'^murphy_trainer_importance_weight\{stat="(\w+)"\} (\S+)$', text, re.MULTILINE)
    assert dict(exported) == ({"mean": "0.9", "min": "0.25", "max": "3.0"} if weights else {})


@pytest.mark.parametrize(
    ("samples", "fragment"),
    [
        ([], "samples: 0 samples"),
        ([pb.TrainSample(prompt_token_ids=[1], completion_token_ids=[])], "samples[0].completion_token_ids"),
        ([pb.TrainSample(prompt_token_ids=[1], completion_token_ids=[10**6])], "outside the vocabulary"),
        (
            [pb.TrainSample(prompt_token_ids=[1], completion_token_ids=[5], advantage=float("inf"))],
            "samples[0].advantage",
        ),
        ([pb.TrainSample(prompt_token_ids=[1] * 5000, completion_token_ids=[5])], "exceed the model's context"),
        (
            [pb.TrainSample(prompt_token_ids=[1], completion_token_ids=[5, 6], sampling_logprobs=[-1.0])],
            "samples[0].sampling_logprobs",
        ),
    ],
)
def test_bad_train_requests_are_invalid_arguments_and_change_nothing(
    stub: TrainerStub, samples: list, fragment: str
) -> None:
    version = stub.Health(pb.TrainerHealthRequest()).policy_version
    with pytest.raises(grpc.RpcError) as raised:
        stub.Train(pb.TrainRequest(samples=samples))
    assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert fragment in raised.value.details()
    assert stub.Health(pb.TrainerHealthRequest()).policy_version == version


def test_a_linear_schedule_needs_the_runs_total_steps(stub: TrainerStub) -> None:
    version = stub.Health(pb.TrainerHealthRequest()).policy_version
    for request in (train_request(fixed_batch(2, seed=32)), train_request(fixed_batch(2, seed=32), total_steps=0)):
        with pytest.raises(grpc.RpcError) as raised:
            stub.Train(request)
        assert raised.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert raised.value.details().startswith("total_steps: ")
    assert stub.Health(pb.TrainerHealthRequest()).policy_version == version


def test_exports_are_model_directories_and_checkpoints_are_listed(stub: TrainerStub, tmp_path: Path) -> None:
    exported = stub.ExportWeights(pb.ExportWeightsRequest())
    version = stub.Health(pb.TrainerHealthRequest()).policy_version
    assert exported.policy_version == version and Path(exported.directory).name == f"policy-{version:06d}"
    files = {p.name for p in Path(exported.directory).iterdir()}
    assert {"config.json", "model.safetensors", "tokenizer.json"} <= files
    assert exported.bytes == (Path(exported.directory) / "model.safetensors").stat().st_size
    assert load_file(str(Path(exported.directory) / "model.safetensors"))
    saved = stub.SaveCheckpoint(pb.SaveCheckpointRequest())
    health = stub.Health(pb.TrainerHealthRequest())
    assert (health.last_checkpoint, health.world_size, health.status) == (
        saved.directory,
        1,
        executor_pb2.SERVING_STATUS_SERVING,
    )


def test_metrics_and_healthz(stub: TrainerStub, trainer: processes.RunningService) -> None:
    stub.Train(train_request(fixed_batch(3, seed=31), total_steps=RUN_STEPS))
    base = f"http://127.0.0.1:{trainer.metrics_port}"
    with urllib.request.urlopen(f"{base}/healthz") as reply:
        assert reply.status == 200
    with urllib.request.urlopen(f"{base}/metrics") as reply:
        text = reply.read().decode()
    for name in (
        "murphy_trainer_steps_total",
        "murphy_trainer_loss",
        "murphy_trainer_kl",
        "murphy_trainer_grad_norm",
        "murphy_trainer_tokens_total",
        "murphy_trainer_policy_version",
        'code="INVALID_ARGUMENT"',
    ):
        assert name in text, name
