"""Fixtures shared by the inference tests: the tiny model (built once per session) and a real server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from murphy_inference import processes, tiny_model
from murphy_inference.gen.murphy.v1 import inference_pb2_grpc
from transformers.utils import logging as transformers_logging

transformers_logging.disable_progress_bar()


@pytest.fixture(scope="session")
def tiny_model_dir() -> Path:
    return tiny_model.ensure()


@pytest.fixture(scope="session")
def server(tiny_model_dir: Path) -> Iterator[processes.RunningService]:
    """`python -m murphy_inference` on free ports, serving the tiny model with the hf backend."""
    service = processes.start_inference(tiny_model_dir, "--backend", "hf")
    yield service
    assert service.stop() == 0, service.output()


@pytest.fixture(scope="session")
def stub(server: processes.RunningService) -> inference_pb2_grpc.InferenceStub:
    return inference_pb2_grpc.InferenceStub(server.channel())
