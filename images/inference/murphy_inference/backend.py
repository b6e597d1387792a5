"""What every inference backend offers (transformers `hf`, `vllm`), in plain Python types.

The gRPC layer (service.py) validates requests and converts them to these types, so a backend never
sees protobuf messages and can be tested on its own.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from prometheus_client import CollectorRegistry

Role = Literal["system", "user", "assistant"]
FinishReason = Literal["stop", "length"]
ROLES: tuple[Role, ...] = ("system", "user", "assistant")


@dataclass(frozen=True)
class ChatMessage:
    role: Role
    content: str


@dataclass(frozen=True)
class SamplingSettings:
    n: int
    temperature: float  # 0 samples greedily
    top_p: float  # in (0, 1]
    max_new_tokens: int
    seed: int
    stop: tuple[str, ...] = ()


@dataclass(frozen=True)
class SampleOutput:
    token_ids: list[int]
    logprobs: list[float]
    text: str
    finish_reason: FinishReason


@dataclass(frozen=True)
class PromptOutput:
    prompt_token_ids: list[int]
    samples: list[SampleOutput]


@dataclass(frozen=True)
class BackendInfo:
    name: str
    device: str
    max_context_tokens: int


class InvalidPrompt(ValueError):
    """A prompt the model cannot take (e.g. longer than its context); names the prompt's index."""

    def __init__(self, index: int, reason: str):
        super().__init__(f"prompts[{index}]: {reason}")
        self.index = index


class InvalidWeights(ValueError):
    """A weights directory that does not fit the served model; the model is left unchanged."""


class Backend(Protocol):
    def info(self) -> BackendInfo: ...

    def metrics_registries(self) -> list[CollectorRegistry]:
        """Registries of the engine's own metrics, served next to murphy's."""
        ...

    async def generate(self, prompts: list[list[ChatMessage]], settings: SamplingSettings) -> list[PromptOutput]:
        """`settings.n` samples for every prompt, in order; raises InvalidPrompt for a prompt it cannot take."""
        ...

    async def stage_weights(self, directory: Path) -> int:
        """Reads and checks the directory's safetensors while generation goes on, so that a following
        load_weights of the same directory is quick; returns the tensors staged. Serves nothing new.
        Raises InvalidWeights when they do not fit the model."""
        ...

    async def load_weights(self, directory: Path) -> int:
        """Replaces the weights in place with the directory's safetensors; returns the tensors loaded.
        Raises InvalidWeights (and keeps the old weights) when they do not fit the model."""
        ...

    async def close(self) -> None: ...


def sample_seed(seed: int, prompt_index: int, sample_index: int) -> int:
    """The seed of one sample: a function of the request's seed and the sample's place in it only, so a
    request replays exactly whatever else is batched with it."""
    digest = hashlib.sha256(f"{seed}:{prompt_index}:{sample_index}".encode()).digest()
    return int.from_bytes(digest[:8], "little") >> 1
