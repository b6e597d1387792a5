"""How murphy's requests and flags map onto vLLM's (pure functions: testable without vLLM installed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from murphy_inference.backend import SamplingSettings, sample_seed

# Log-probs of the distribution each token was drawn from (after temperature and top-p, renormalised), as
# the hf backend reports them and as TRL's importance-sampling correction requires.
MURPHY_ENGINE_ARGS = ("--logprobs-mode", "processed_logprobs")


def engine_argv(model_dir: Path, extra: list[str]) -> list[str]:
    """vLLM engine flags: the model, murphy's required settings, then the user's (inference.args)."""
    return ["--model", str(model_dir), *MURPHY_ENGINE_ARGS, *extra]


def sampling_kwargs(settings: SamplingSettings, prompt_index: int, sample_index: int) -> dict[str, Any]:
    """SamplingParams of one sample: every sample is a vLLM request of its own (n=1) seeded like the hf
    backend's, so that a seed replays it (vLLM's n > 1 under one seed did not reproduce on CPU) and
    greedy requests may ask for n > 1 (which vLLM refuses within one request)."""
    return {
        "n": 1,
        "temperature": settings.temperature,
        "top_p": settings.top_p,
        "max_tokens": settings.max_new_tokens,
        "seed": sample_seed(settings.seed, prompt_index, sample_index),
        "stop": list(settings.stop),
        "include_stop_str_in_output": True,
        "logprobs": 0,  # the sampled token's log-prob only
        "skip_special_tokens": True,
    }
