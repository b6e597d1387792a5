"""The `hf` backend: a transformers causal LM on CPU or one GPU, sampled in batches by sampler.py."""

from __future__ import annotations

import asyncio
from pathlib import Path

import torch
from prometheus_client import CollectorRegistry
from transformers import AutoModelForCausalLM, AutoTokenizer, PreTrainedTokenizerBase

from murphy_inference import sampler, weights
from murphy_inference.backend import (
    BackendInfo,
    ChatMessage,
    InvalidPrompt,
    PromptOutput,
    SampleOutput,
    SamplingSettings,
    sample_seed,
)
from murphy_inference.stop import StopStrings


def pick_device(requested: str) -> torch.device:
    if requested == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(requested)


def render_prompt(tokenizer: PreTrainedTokenizerBase, messages: list[ChatMessage]) -> list[int]:
    """The token ids of a conversation with the chat template applied and an assistant turn opened."""
    text = tokenizer.apply_chat_template(
        [{"role": m.role, "content": m.content} for m in messages], add_generation_prompt=True, tokenize=False
    )
    return list(tokenizer(text, add_special_tokens=False)["input_ids"])


def eos_ids(model: torch.nn.Module, tokenizer: PreTrainedTokenizerBase) -> frozenset[int]:
    configured = model.generation_config.eos_token_id
    ids = configured if isinstance(configured, list) else [configured]
    return frozenset(i for i in [*ids, tokenizer.eos_token_id] if i is not None)


class HfBackend:
    def __init__(self, model_dir: Path, device: str = "auto", max_batch_rows: int = 64):
        self._device = pick_device(device)
        dtype = torch.float32 if self._device.type == "cpu" else torch.bfloat16
        self._tokenizer = AutoTokenizer.from_pretrained(model_dir)
        if not self._tokenizer.chat_template:
            raise ValueError(f"the tokenizer in {model_dir} has no chat template; murphy prompts are conversations")
        self._model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=dtype).to(self._device).eval()
        self._max_batch_rows = max_batch_rows
        self._lock = asyncio.Lock()  # one batch (or weight load) at a time: they share the model
        # The directory being staged or staged (read, checked, on the model's device), for load_weights.
        self._staged: tuple[Path, asyncio.Task[dict[str, torch.Tensor]]] | None = None
        pad = self._tokenizer.pad_token_id
        self._pad_id = pad if pad is not None else self._tokenizer.eos_token_id
        self._eos_ids = eos_ids(self._model, self._tokenizer)

    def info(self) -> BackendInfo:
        return BackendInfo(
            name="hf", device=str(self._device), max_context_tokens=self._model.config.max_position_embeddings
        )

    def metrics_registries(self) -> list[CollectorRegistry]:
        return []

    async def generate(self, prompts: list[list[ChatMessage]], settings: SamplingSettings) -> list[PromptOutput]:
        prompt_ids = [render_prompt(self._tokenizer, messages) for messages in prompts]
        rows = [self._row(ids, i, j, settings) for i, ids in enumerate(prompt_ids) for j in range(settings.n)]
        async with self._lock:
            results = await asyncio.to_thread(self._sample_in_chunks, rows, settings)
        return [
            PromptOutput(ids, [self._output(r) for r in results[i * settings.n : (i + 1) * settings.n]])
            for i, ids in enumerate(prompt_ids)
        ]

    async def stage_weights(self, directory: Path) -> int:
        """Reads the directory into a second copy of the weights beside the served ones (the model's
        memory again, on its device) while batches go on; load_weights of it then only copies."""
        task = asyncio.create_task(asyncio.to_thread(weights.read_checked, self._model, directory))
        self._staged = (directory.resolve(), task)
        try:
            return len(await asyncio.shield(task))
        except BaseException:
            if self._staged is not None and self._staged[1] is task:
                self._staged = None
            raise

    async def load_weights(self, directory: Path) -> int:
        staged, self._staged = self._staged, None
        if staged is not None and staged[0] == directory.resolve():
            try:
                tensors = await staged[1]
            except (OSError, ValueError):
                tensors = None  # read again below, so the error is the load's own
            if tensors is not None:
                async with self._lock:
                    return await asyncio.to_thread(weights.copy_into, self._model, tensors)
        async with self._lock:
            return await asyncio.to_thread(weights.load_into, self._model, directory)

    async def close(self) -> None:
        return None

    def _row(
        self, prompt_ids: list[int], prompt_index: int, sample_index: int, settings: SamplingSettings
    ) -> sampler.Row:
        room = self.info().max_context_tokens - len(prompt_ids)
        if room <= 0:
            raise InvalidPrompt(
                prompt_index,
                f"{len(prompt_ids)} tokens leave no room in a context of "
                f"{self.info().max_context_tokens}; shorten the prompt",
            )
        return sampler.Row(
            prompt_ids, sample_seed(settings.seed, prompt_index, sample_index), min(settings.max_new_tokens, room)
        )

    def _sample_in_chunks(self, rows: list[sampler.Row], settings: SamplingSettings) -> list[sampler.RowResult]:
        decoding = sampler.Decoding(
            temperature=settings.temperature,
            top_p=settings.top_p,
            eos_ids=self._eos_ids,
            pad_id=self._pad_id,
            hits_stop=StopStrings(self._tokenizer, settings.stop),
        )
        results: list[sampler.RowResult] = []
        for start in range(0, len(rows), self._max_batch_rows):
            results.extend(sampler.sample(self._model, rows[start : start + self._max_batch_rows], decoding))
        return results

    def _output(self, result: sampler.RowResult) -> SampleOutput:
        text = self._tokenizer.decode(result.token_ids, skip_special_tokens=True)
        return SampleOutput(result.token_ids, result.logprobs, text, result.finish_reason)
