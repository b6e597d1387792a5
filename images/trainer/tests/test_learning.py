"""murphy's training loop in miniature, across real processes and real files: sample from the inference
service, reward completions that contain a chosen token, train, export, load, and watch the token's
frequency in fresh samples rise."""

import statistics
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from murphy_inference import processes
from murphy_inference.gen.murphy.v1 import inference_pb2 as ipb
from murphy_inference.gen.murphy.v1.inference_pb2_grpc import InferenceStub
from murphy_trainer.gen.murphy.v1 import trainer_pb2 as tpb
from murphy_trainer.gen.murphy.v1.trainer_pb2_grpc import TrainerStub
from trainer_fixtures import write_run

PROMPTS = [ipb.Prompt(messages=[ipb.ChatMessage(role="user", content=f"Write function number {i}.")]) for i in range(4)]
STEPS = 8


def generate(stub: InferenceStub, seed: int, n: int = 16) -> ipb.GenerateResponse:
    sampling = ipb.SamplingParams(n=n, temperature=1.0, top_p=1.0, max_new_tokens=12, seed=seed)
    return stub.Generate(ipb.GenerateRequest(prompts=PROMPTS, sampling=sampling))


def frequency(response: ipb.GenerateResponse, token: int) -> float:
    samples = [s for r in response.results for s in r.samples]
    return sum(token in s.token_ids for s in samples) / len(samples)


def scored(response: ipb.GenerateResponse, token: int) -> list[tpb.TrainSample]:
    """One group per prompt; reward 1 when the completion contains the token; ALGORITHM.md's advantages."""
    samples = []
    for result in response.results:
        rewards = [float(token in s.token_ids) for s in result.samples]
        mean, std = statistics.mean(rewards), statistics.stdev(rewards)
        samples += [
            tpb.TrainSample(
                prompt_token_ids=result.prompt_token_ids,
                completion_token_ids=s.token_ids,
                advantage=(r - mean) / (std + 1e-4),
                sampling_logprobs=s.logprobs,
            )
            for s, r in zip(result.samples, rewards, strict=True)
        ]
    return samples


@pytest.fixture
def services(tiny_model_dir: Path, tmp_path: Path) -> Iterator[tuple[InferenceStub, TrainerStub]]:
    run = write_run(
        tmp_path / "run.yaml", learningRate=3e-3, lrSchedule="constant", weightDecay=0.0, temperature=1.0, beta=0.04
    )
    inference = processes.start_inference(tiny_model_dir)
    try:
        trainer = processes.start_trainer(
            tiny_model_dir, tmp_path / "ckpt", "--config", str(run), "--micro-batch-size", "64"
        )
        try:
            yield InferenceStub(inference.channel()), TrainerStub(trainer.channel())
        finally:
            trainer.stop()
    finally:
        inference.stop()


def test_rewarding_a_token_raises_its_frequency_in_fresh_samples(services: tuple[InferenceStub, TrainerStub]) -> None:
    inference, trainer = services
    counts = Counter(t for r in generate(inference, seed=1000).results for s in r.samples for t in s.token_ids)
    token = counts.most_common(1)[0][0]
    before = frequency(generate(inference, seed=2000), token)
    for step in range(STEPS):
        response = generate(inference, seed=step)
        assert all(s.policy_version == step for r in response.results for s in r.samples)
        trained = trainer.Train(tpb.TrainRequest(samples=scored(response, token), policy_version=step))
        exported = trainer.ExportWeights(tpb.ExportWeightsRequest())
        loaded = inference.LoadWeights(
            ipb.LoadWeightsRequest(directory=exported.directory, policy_version=exported.policy_version)
        )
        assert trained.policy_version == exported.policy_version == loaded.policy_version == step + 1
    after = frequency(generate(inference, seed=2000), token)
    assert after > max(0.3, 3 * before), (before, after)
