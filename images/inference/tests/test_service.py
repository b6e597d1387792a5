"""The inference service through gRPC, served by a real `python -m murphy_inference` process."""

import shutil
import urllib.request
from collections.abc import Callable
from pathlib import Path

import grpc
import pytest
import torch
from murphy_inference import processes
from murphy_inference.gen.murphy.v1 import executor_pb2
from murphy_inference.gen.murphy.v1 import inference_pb2 as pb
from murphy_inference.gen.murphy.v1.inference_pb2_grpc import InferenceStub
from transformers import AutoModelForCausalLM, AutoTokenizer, Qwen3Config, Qwen3ForCausalLM


def request(
    n: int = 3, seed: int = 11, contents: tuple[str, ...] = ("def add(a, b):", "Reverse a list."), **sampling: object
) -> pb.GenerateRequest:
    params = {"n": n, "temperature": 0.8, "top_p": 0.95, "max_new_tokens": 10, "seed": seed, **sampling}
    return pb.GenerateRequest(
        prompts=[
            pb.Prompt(
                messages=[
                    pb.ChatMessage(role="system", content="Answer in Python."),
                    pb.ChatMessage(role="user", content=c),
                ]
            )
            for c in contents
        ],
        sampling=pb.SamplingParams(**params),
    )


def token_lists(response: pb.GenerateResponse) -> list[list[int]]:
    return [list(s.token_ids) for r in response.results for s in r.samples]


def test_n_samples_per_prompt_whose_token_ids_decode_to_their_text(stub: InferenceStub, tiny_model_dir: Path) -> None:
    response = stub.Generate(request(n=3))
    tokenizer = AutoTokenizer.from_pretrained(tiny_model_dir)
    assert [len(r.samples) for r in response.results] == [3, 3]
    for result, content in zip(response.results, ("def add(a, b):", "Reverse a list."), strict=True):
        assert content in tokenizer.decode(result.prompt_token_ids)
        for sample in result.samples:
            assert 1 <= len(sample.token_ids) <= 10
            assert tokenizer.decode(list(sample.token_ids), skip_special_tokens=True) == sample.text
            assert len(sample.logprobs) == len(sample.token_ids) and all(lp <= 0 for lp in sample.logprobs)
            assert sample.finish_reason in (pb.FINISH_REASON_STOP, pb.FINISH_REASON_LENGTH)
            assert sample.policy_version == response.policy_version
    assert len({tuple(t) for t in token_lists(response)}) > 1


def test_a_seed_reproduces_its_samples_and_another_seed_does_not(stub: InferenceStub) -> None:
    first, again, other = (stub.Generate(request(seed=s)) for s in (5, 5, 6))
    assert token_lists(first) == token_lists(again)
    assert [list(s.logprobs) for r in first.results for s in r.samples] == [
        list(s.logprobs) for r in again.results for s in r.samples
    ]
    assert token_lists(first) != token_lists(other)


def perturbed_copy(source: Path, target: Path) -> None:
    model = AutoModelForCausalLM.from_pretrained(source)
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.add_(torch.randn_like(parameter) * 0.5)
    model.save_pretrained(target)


def test_load_weights_changes_the_samples_and_the_policy_version(
    stub: InferenceStub, tiny_model_dir: Path, tmp_path: Path
) -> None:
    greedy = request(n=1, temperature=0.0, max_new_tokens=8)
    before, version = stub.Generate(greedy), stub.Health(pb.InferenceHealthRequest()).policy_version
    perturbed_copy(tiny_model_dir, tmp_path / "perturbed")
    loaded = stub.LoadWeights(pb.LoadWeightsRequest(directory=str(tmp_path / "perturbed")))
    assert loaded.policy_version == version + 1 and loaded.tensors > 0
    after = stub.Generate(greedy)
    assert token_lists(after) != token_lists(before)
    assert after.policy_version == version + 1 and after.results[0].samples[0].policy_version == version + 1
    restored = stub.LoadWeights(pb.LoadWeightsRequest(directory=str(tiny_model_dir), policy_version=version + 7))
    assert restored.policy_version == version + 7
    assert token_lists(stub.Generate(greedy)) == token_lists(before)


def test_staged_weights_are_served_only_after_load_weights_of_their_directory(
    stub: InferenceStub, tiny_model_dir: Path, tmp_path: Path
) -> None:
    greedy = request(n=1, temperature=0.0, max_new_tokens=8)
    before, version = stub.Generate(greedy), stub.Health(pb.InferenceHealthRequest()).policy_version
    perturbed_copy(tiny_model_dir, tmp_path / "perturbed")
    shutil.copytree(tmp_path / "perturbed", tmp_path / "copy")
    staged = stub.StageWeights(pb.StageWeightsRequest(directory=str(tmp_path / "perturbed")))
    assert staged.tensors > 0
    # Staged weights are not served: same samples, same version.
    still = stub.Generate(greedy)
    assert token_lists(still) == token_lists(before) and still.policy_version == version
    # The load swaps the staged copy in: it needs the files no more.
    for file in (tmp_path / "perturbed").glob("*.safetensors"):
        file.unlink()
    loaded = stub.LoadWeights(pb.LoadWeightsRequest(directory=str(tmp_path / "perturbed"), policy_version=version + 1))
    assert loaded.policy_version == version + 1 and loaded.tensors == staged.tensors
    swapped = stub.Generate(greedy)
    assert token_lists(swapped) != token_lists(before) and swapped.policy_version == version + 1
    # The same weights read by a plain load sample the same.
    stub.LoadWeights(pb.LoadWeightsRequest(directory=str(tmp_path / "copy"), policy_version=version + 2))
    assert token_lists(stub.Generate(greedy)) == token_lists(swapped)
    stub.LoadWeights(pb.LoadWeightsRequest(directory=str(tiny_model_dir), policy_version=version + 7))
    assert token_lists(stub.Generate(greedy)) == token_lists(before)


def expect_error(call: object, code: grpc.StatusCode, fragment: str) -> None:
    with pytest.raises(grpc.RpcError) as raised:
        call()
    assert raised.value.code() == code
    assert fragment in raised.value.details()


@pytest.mark.parametrize(
    ("bad", "fragment"),
    [
        (pb.GenerateRequest(sampling=pb.SamplingParams(n=1, max_new_tokens=4)), "prompts"),
        (
            pb.GenerateRequest(prompts=[pb.Prompt()], sampling=pb.SamplingParams(n=1, max_new_tokens=4)),
            "prompts[0].messages",
        ),
        (request(n=0), "sampling.n"),
        (request(max_new_tokens=0), "sampling.max_new_tokens"),
        (request(temperature=-1.0), "sampling.temperature"),
        (request(top_p=1.5), "sampling.top_p"),
        (pb.GenerateRequest(prompts=request().prompts), "sampling"),
        (
            pb.GenerateRequest(
                prompts=[pb.Prompt(messages=[pb.ChatMessage(role="robot", content="hi")])],
                sampling=pb.SamplingParams(n=1, max_new_tokens=4),
            ),
            "prompts[0].messages[0].role",
        ),
        (request(contents=("x " * 5000,)), "prompts[0]"),
    ],
)
def test_bad_generate_requests_are_invalid_arguments(
    stub: InferenceStub, bad: pb.GenerateRequest, fragment: str
) -> None:
    expect_error(lambda: stub.Generate(bad), grpc.StatusCode.INVALID_ARGUMENT, fragment)


def expect_bad_directories_refused(call: Callable[[str], object], tmp_path: Path) -> None:
    """`call(directory)` (LoadWeights or StageWeights) refuses an empty, a missing and an empty directory."""
    expect_error(lambda: call(""), grpc.StatusCode.INVALID_ARGUMENT, "directory")
    expect_error(lambda: call(str(tmp_path / "missing")), grpc.StatusCode.NOT_FOUND, "missing")
    expect_error(lambda: call(str(tmp_path)), grpc.StatusCode.INVALID_ARGUMENT, "no *.safetensors")


def test_staging_a_bad_directory_is_refused_and_serves_nothing_new(stub: InferenceStub, tmp_path: Path) -> None:
    greedy = request(n=1, temperature=0.0, max_new_tokens=6)
    before = stub.Generate(greedy)
    expect_bad_directories_refused(lambda d: stub.StageWeights(pb.StageWeightsRequest(directory=d)), tmp_path)
    after = stub.Generate(greedy)
    assert token_lists(after) == token_lists(before) and after.policy_version == before.policy_version


def test_bad_weight_directories_are_refused_and_the_model_is_unchanged(stub: InferenceStub, tmp_path: Path) -> None:
    greedy = request(n=1, temperature=0.0, max_new_tokens=6)
    before = stub.Generate(greedy)
    expect_bad_directories_refused(lambda d: stub.LoadWeights(pb.LoadWeightsRequest(directory=d)), tmp_path)
    other = Qwen3Config(
        vocab_size=100,
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=1,
        head_dim=16,
    )
    Qwen3ForCausalLM(other).save_pretrained(tmp_path / "other")
    expect_error(
        lambda: stub.LoadWeights(pb.LoadWeightsRequest(directory=str(tmp_path / "other"))),
        grpc.StatusCode.INVALID_ARGUMENT,
        "shape",
    )
    after = stub.Generate(greedy)
    assert token_lists(after) == token_lists(before) and after.policy_version == before.policy_version


def test_health_metrics_and_healthz(stub: InferenceStub, server: processes.RunningService) -> None:
    health = stub.Health(pb.InferenceHealthRequest())
    assert health.status == executor_pb2.SERVING_STATUS_SERVING
    assert (health.backend, health.device, health.max_context_tokens) == ("hf", "cpu", 4096)
    stub.Generate(request(n=2))
    base = f"http://127.0.0.1:{server.metrics_port}"
    with urllib.request.urlopen(f"{base}/healthz") as reply:
        assert reply.status == 200
    with urllib.request.urlopen(f"{base}/metrics") as reply:
        text = reply.read().decode()
    assert 'murphy_inference_requests_total{code="OK",method="Generate"}' in text
    assert 'murphy_inference_tokens_total{kind="completion"}' in text
    assert "murphy_inference_samples_total" in text and "murphy_inference_policy_version" in text
