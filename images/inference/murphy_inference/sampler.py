"""Batched sampling with a transformers causal LM and a KV cache.

murphy samples itself rather than calling `model.generate` because it needs three things generate
does not give together: one random generator per sample (a seed replays a sample whatever it was
batched with), the log-probability of every sampled token under the distribution it was drawn from
(tempered, truncated to the top-p nucleus and renormalised: vLLM's `processed_logprobs`, which the
trainer's importance-sampling correction compares its own, equally processed, log-probs with), and stop
strings that end one row of the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import torch

from murphy_inference.backend import FinishReason


@dataclass(frozen=True)
class Row:
    prompt_ids: Sequence[int]
    seed: int
    max_new_tokens: int


@dataclass
class RowResult:
    token_ids: list[int] = field(default_factory=list)
    logprobs: list[float] = field(default_factory=list)
    finish_reason: FinishReason = "length"


@dataclass(frozen=True)
class Decoding:
    temperature: float
    top_p: float
    eos_ids: frozenset[int]
    pad_id: int
    # Whether the completion so far ends with a stop string.
    hits_stop: Callable[[list[int]], bool] = lambda _ids: False


def top_p_mask(probs: torch.Tensor, top_p: float) -> torch.Tensor:
    """True for the tokens of the smallest set whose probability reaches top_p (nucleus sampling)."""
    if top_p >= 1.0:
        return torch.ones_like(probs, dtype=torch.bool)
    sorted_probs, order = probs.sort(dim=-1, descending=True)
    mass_before = sorted_probs.cumsum(dim=-1) - sorted_probs
    keep_sorted = mass_before < top_p
    keep_sorted[..., 0] = True
    return torch.zeros_like(keep_sorted).scatter(-1, order, keep_sorted)


def processed_logprobs(logits: torch.Tensor, temperature: float, top_p: float) -> torch.Tensor:
    """Log-probabilities of the distribution tokens are drawn from (vLLM's `processed_logprobs`):
    softmax(logits / temperature) restricted to the top-p nucleus and renormalised, -inf outside it
    (greedy, temperature 0: the untempered softmax). The trainer's importance-sampling correction takes
    its own log-probs through this same function, so that both sides of the ratio are of one distribution."""
    logits = logits.float()
    if temperature == 0:
        return torch.log_softmax(logits, dim=-1)
    tempered = torch.log_softmax(logits / temperature, dim=-1)
    nucleus = tempered.masked_fill(~top_p_mask(tempered.exp(), top_p), float("-inf"))
    return torch.log_softmax(nucleus, dim=-1)


def choose_tokens(
    logits: torch.Tensor, decoding: Decoding, generators: list[torch.Generator]
) -> tuple[torch.Tensor, torch.Tensor]:
    """One token per row and its log-probability under the distribution it was sampled from
    (processed_logprobs)."""
    logprobs = processed_logprobs(logits, decoding.temperature, decoding.top_p)
    if decoding.temperature == 0:
        tokens = logprobs.argmax(dim=-1)
    else:
        probs = logprobs.exp()
        tokens = torch.stack([torch.multinomial(probs[i], 1, generator=g)[0] for i, g in enumerate(generators)])
    return tokens, logprobs.gather(-1, tokens[:, None])[:, 0]


def left_pad(rows: Sequence[Row], pad_id: int, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(row.prompt_ids) for row in rows)
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, row in enumerate(rows):
        ids[i, width - len(row.prompt_ids) :] = torch.tensor(list(row.prompt_ids), dtype=torch.long)
        mask[i, width - len(row.prompt_ids) :] = 1
    return ids.to(device), mask.to(device)


def record(
    results: list[RowResult],
    active: list[bool],
    rows: Sequence[Row],
    tokens: list[int],
    logprobs: list[float],
    decoding: Decoding,
) -> None:
    """Appends each active row's token and retires rows that stopped or reached their length."""
    for i, result in enumerate(results):
        if not active[i]:
            continue
        result.token_ids.append(tokens[i])
        result.logprobs.append(logprobs[i])
        if tokens[i] in decoding.eos_ids or decoding.hits_stop(result.token_ids):
            result.finish_reason = "stop"
            active[i] = False
        elif len(result.token_ids) >= rows[i].max_new_tokens:
            active[i] = False


@torch.inference_mode()
def sample(model: torch.nn.Module, rows: Sequence[Row], decoding: Decoding) -> list[RowResult]:
    device = next(model.parameters()).device
    ids, mask = left_pad(rows, decoding.pad_id, device)
    positions = (mask.cumsum(-1) - 1).clamp(min=0)
    generators = [torch.Generator(device=device).manual_seed(row.seed) for row in rows]
    results = [RowResult() for _ in rows]
    active = [row.max_new_tokens > 0 for row in rows]
    out = model(input_ids=ids, attention_mask=mask, position_ids=positions, use_cache=True)
    next_position = positions[:, -1:] + 1
    while any(active):
        tokens, logprobs = choose_tokens(out.logits[:, -1, :], decoding, generators)
        record(results, active, rows, tokens.tolist(), logprobs.tolist(), decoding)
        if not any(active):
            break
        mask = torch.cat([mask, torch.ones_like(mask[:, :1])], dim=1)
        out = model(
            input_ids=tokens[:, None],
            attention_mask=mask,
            position_ids=next_position,
            past_key_values=out.past_key_values,
            use_cache=True,
        )
        next_position = next_position + 1
    return results
