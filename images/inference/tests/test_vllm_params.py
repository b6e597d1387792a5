"""What of the vLLM backend runs without vLLM: the mapping of murphy's requests and flags onto vLLM's."""

from pathlib import Path

from murphy_inference.backend import SamplingSettings, sample_seed
from murphy_inference.vllm_params import engine_argv, sampling_kwargs


def test_sampling_settings_map_to_sampling_params_with_the_sampled_tokens_logprob() -> None:
    settings = SamplingSettings(n=4, temperature=0.6, top_p=0.95, max_new_tokens=64, seed=9, stop=("```",))
    kwargs = sampling_kwargs(settings, prompt_index=2, sample_index=1)
    assert kwargs == {
        "n": 1,
        "temperature": 0.6,
        "top_p": 0.95,
        "max_tokens": 64,
        "seed": sample_seed(9, 2, 1),
        "stop": ["```"],
        "include_stop_str_in_output": True,
        "logprobs": 0,
        "skip_special_tokens": True,
    }
    # one request per sample, seeded like the hf backend's samples
    assert sampling_kwargs(settings, 2, 0)["seed"] != kwargs["seed"] != sampling_kwargs(settings, 3, 1)["seed"]


def test_engine_flags_put_murphys_settings_before_the_users() -> None:
    argv = engine_argv(Path("/models/qwen"), ["--max-model-len", "8192", "--logprobs-mode", "raw_logprobs"])
    assert argv[:2] == ["--model", "/models/qwen"]
    assert argv[argv.index("--logprobs-mode") + 1] == "processed_logprobs"
    assert argv.index("--logprobs-mode") < argv.index("--max-model-len")  # the user's flags come last and win
