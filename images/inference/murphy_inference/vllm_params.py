"""How murphy's requests and flags map onto vLLM's (pure functions: testable without vLLM installed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from murphy_inference.backend import SamplingSettings, sample_seed

# In-place weight reload (vllm_worker.WeightLoader) and log-probs after temperature, like the hf backend's.
MURPHY_ENGINE_ARGS = (
    "--worker-extension-cls",
    "murphy_inference.vllm_worker.WeightLoader",
    "--logprobs-mode",
    "processed_logprobs",
)


def engine_argv(model_dir: Path, extra: list[str]) -> list[str]:
    """vLLM engine flags: the model, murphy's required settings, then the user's (inference.args)."""
    return ["--model", str(model_dir), *MURPHY_ENGINE_ARGS, *extra]


def sampling_kwargs(settings: SamplingSettings, prompt_index: int) -> dict[str, Any]:
    """SamplingParams for one prompt of a request: its n samples share one seeded vLLM request. vLLM
    refuses n > 1 when greedy; the n greedy samples are one sample repeated (see VllmBackend)."""
    return {
        "n": 1 if settings.temperature == 0 else settings.n,
        "temperature": settings.temperature,
        "top_p": settings.top_p,
        "max_tokens": settings.max_new_tokens,
        "seed": sample_seed(settings.seed, prompt_index, 0),
        "stop": list(settings.stop),
        "include_stop_str_in_output": True,
        "logprobs": 0,  # the sampled token's log-prob only
        "skip_special_tokens": True,
    }
