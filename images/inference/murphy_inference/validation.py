"""Validation of Generate requests: protobuf in, backend types out, or an error naming the field."""

from __future__ import annotations

import math

from murphy_inference.backend import ROLES, ChatMessage, SamplingSettings
from murphy_inference.gen.murphy.v1 import inference_pb2
from murphy_inference.rpc import invalid

MAX_SAMPLES_PER_PROMPT = 1024
MAX_SAMPLES_PER_REQUEST = 16384


def parse_prompts(request: inference_pb2.GenerateRequest) -> list[list[ChatMessage]]:
    if not request.prompts:
        raise invalid("prompts: give at least one prompt")
    prompts = []
    for i, prompt in enumerate(request.prompts):
        if not prompt.messages:
            raise invalid(f"prompts[{i}].messages: give at least one message")
        for j, message in enumerate(prompt.messages):
            if message.role not in ROLES:
                raise invalid(f"prompts[{i}].messages[{j}].role: {message.role!r} is not one of {', '.join(ROLES)}")
        prompts.append([ChatMessage(m.role, m.content) for m in prompt.messages])  # type: ignore[arg-type]
    return prompts


def parse_sampling(request: inference_pb2.GenerateRequest) -> SamplingSettings:
    if not request.HasField("sampling"):
        raise invalid("sampling: give n, max_new_tokens, temperature, top_p and seed")
    s = request.sampling
    if not 1 <= s.n <= MAX_SAMPLES_PER_PROMPT:
        raise invalid(f"sampling.n: {s.n} is not between 1 and {MAX_SAMPLES_PER_PROMPT}")
    if s.n * len(request.prompts) > MAX_SAMPLES_PER_REQUEST:
        raise invalid(
            f"sampling.n: {s.n} samples for {len(request.prompts)} prompts exceed "
            f"{MAX_SAMPLES_PER_REQUEST} per request; split the batch"
        )
    if s.max_new_tokens < 1:
        raise invalid("sampling.max_new_tokens: must be at least 1")
    if not (math.isfinite(s.temperature) and s.temperature >= 0):
        raise invalid(f"sampling.temperature: {s.temperature} must be a finite number >= 0")
    top_p = s.top_p if s.top_p != 0 else 1.0
    if not (math.isfinite(top_p) and 0 < top_p <= 1):
        raise invalid(f"sampling.top_p: {s.top_p} must be in (0, 1]")
    return SamplingSettings(s.n, float(s.temperature), float(top_p), s.max_new_tokens, s.seed, tuple(s.stop))
