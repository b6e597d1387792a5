"""A replica that (re)starts mid-run serves the run's current policy: it loads the policy the coordinator
published (--policy-file) before it answers, and refuses Generate calls that expect another version."""

import json
from pathlib import Path

import grpc
import pytest
from murphy_inference import processes
from murphy_inference.gen.murphy.v1 import inference_pb2 as pb
from murphy_inference.gen.murphy.v1.inference_pb2_grpc import InferenceStub

from test_service import perturbed_copy, request, token_lists


def publish(policy_file: Path, directory: Path, version: int) -> None:
    policy_file.write_text(json.dumps({"directory": str(directory), "policyVersion": version}))


def test_a_starting_replica_loads_the_published_policy_before_it_serves(
    stub: InferenceStub, tiny_model_dir: Path, tmp_path: Path
) -> None:
    greedy = request(n=1, temperature=0.0, max_new_tokens=8)
    perturbed_copy(tiny_model_dir, tmp_path / "policy-000004")
    stub.LoadWeights(pb.LoadWeightsRequest(directory=str(tmp_path / "policy-000004"), policy_version=4))
    expected = token_lists(stub.Generate(greedy))
    stub.LoadWeights(pb.LoadWeightsRequest(directory=str(tiny_model_dir), policy_version=1))
    policy_file = tmp_path / "policy.json"
    publish(policy_file, tmp_path / "policy-000004", 4)
    restarted = processes.start_inference(tiny_model_dir, "--policy-file", str(policy_file))
    try:
        replica = InferenceStub(restarted.channel())
        assert replica.Health(pb.InferenceHealthRequest()).policy_version == 4
        served = replica.Generate(greedy)
        assert served.policy_version == 4 and served.results[0].samples[0].policy_version == 4
        assert token_lists(served) == expected
    finally:
        assert restarted.stop() == 0, restarted.output()


def test_without_a_published_policy_a_replica_serves_the_model_as_version_0(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    fresh = processes.start_inference(tiny_model_dir, "--policy-file", str(tmp_path / "absent.json"))
    try:
        assert InferenceStub(fresh.channel()).Health(pb.InferenceHealthRequest()).policy_version == 0
        assert "no published policy" in fresh.output()
    finally:
        assert fresh.stop() == 0, fresh.output()


def test_generate_expecting_another_version_is_refused(stub: InferenceStub, tiny_model_dir: Path) -> None:
    stub.LoadWeights(pb.LoadWeightsRequest(directory=str(tiny_model_dir), policy_version=9))
    expecting = request(n=1, max_new_tokens=4)
    expecting.policy_version = 8
    with pytest.raises(grpc.RpcError) as raised:
        stub.Generate(expecting)
    assert raised.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "serves policy version 9, the request expects 8" in raised.value.details()
    expecting.policy_version = 9
    assert stub.Generate(expecting).results[0].samples[0].policy_version == 9
