"""The `vllm` backend: vLLM's async engine (AsyncLLMEngine) behind the same gRPC surface.

Kept thin: requests become vLLM SamplingParams (vllm_params.py, testable without vLLM), one request per
sample; weights are reloaded in place by vLLM's own `reload_weights` in every worker (which also redoes
any repacking the platform's kernels need), from files that staging has read into the page cache. vLLM's own metrics live in prometheus_client's default
registry, which the metrics endpoint serves next to murphy's.
"""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path

import prometheus_client
from vllm import AsyncEngineArgs, AsyncLLMEngine, SamplingParams
from vllm.inputs import TokensPrompt
from vllm.outputs import CompletionOutput, RequestOutput
from vllm.utils.argparse_utils import FlexibleArgumentParser

from murphy_inference import weights
from murphy_inference.backend import BackendInfo, ChatMessage, PromptOutput, SampleOutput, SamplingSettings
from murphy_inference.hf_backend import render_prompt
from murphy_inference.vllm_params import engine_argv, sampling_kwargs


def engine_args(model_dir: Path, extra: list[str]) -> AsyncEngineArgs:
    parser = AsyncEngineArgs.add_cli_args(FlexibleArgumentParser())
    return AsyncEngineArgs.from_cli_args(parser.parse_args(engine_argv(model_dir, extra)))


class VllmBackend:
    def __init__(self, model_dir: Path, extra_engine_args: list[str]):
        self._engine = AsyncLLMEngine.from_engine_args(engine_args(model_dir, extra_engine_args))
        self._tokenizer = self._engine.get_tokenizer()
        self._max_context = int(self._engine.model_config.max_model_len)
        self._request_ids = itertools.count()

    def info(self) -> BackendInfo:
        return BackendInfo(
            name="vllm", device=str(self._engine.vllm_config.device_config.device), max_context_tokens=self._max_context
        )

    def metrics_registries(self) -> list[prometheus_client.CollectorRegistry]:
        return [prometheus_client.REGISTRY]

    async def generate(self, prompts: list[list[ChatMessage]], settings: SamplingSettings) -> list[PromptOutput]:
        prompt_ids = [render_prompt(self._tokenizer, messages) for messages in prompts]
        return list(await asyncio.gather(*(self._one(ids, i, settings) for i, ids in enumerate(prompt_ids))))

    async def stage_weights(self, directory: Path) -> int:
        """vLLM's workers read the weights themselves (reload_weights): staging reads the files into the
        page cache meanwhile, so the swap's read comes from memory instead of disk."""
        return await asyncio.to_thread(weights.prefetch, directory)

    async def load_weights(self, directory: Path) -> int:
        tensors = weights.count_tensors(directory)  # a missing or empty directory fails before the engine
        # Finish what is running on the old weights, swap them in place, forget cached prefixes.
        await self._engine.pause_generation()
        try:
            await self._engine.collective_rpc("reload_weights", kwargs={"weights_path": str(directory)})
            await self._engine.reset_prefix_cache()
        finally:
            await self._engine.resume_generation()
        return tensors

    async def close(self) -> None:
        self._engine.shutdown()

    async def _one(self, prompt_ids: list[int], index: int, settings: SamplingSettings) -> PromptOutput:
        samples = [
            self._single(prompt_ids, SamplingParams(**sampling_kwargs(settings, index, j))) for j in range(settings.n)
        ]
        return PromptOutput(prompt_ids, list(await asyncio.gather(*samples)))

    async def _single(self, prompt_ids: list[int], params: SamplingParams) -> SampleOutput:
        final: RequestOutput | None = None
        request = TokensPrompt(prompt_token_ids=prompt_ids)
        async for output in self._engine.generate(request, params, f"murphy-{next(self._request_ids)}"):
            final = output
        assert final is not None and final.outputs, "vLLM finished a request without output"
        return self._sample(final.outputs[0])

    def _sample(self, completion: CompletionOutput) -> SampleOutput:
        token_ids = list(completion.token_ids)
        logprobs = [
            float(step[token].logprob) for step, token in zip(completion.logprobs or [], token_ids, strict=False)
        ]
        # Text from the tokens (not vLLM's, which cuts at a stop string) so that it always decodes token_ids.
        text = self._tokenizer.decode(token_ids, skip_special_tokens=True)
        return SampleOutput(token_ids, logprobs, text, "stop" if completion.finish_reason == "stop" else "length")
