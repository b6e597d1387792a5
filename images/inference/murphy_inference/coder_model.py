"""The built-in coder (`model.source: builtin:coder`): a small Qwen3 causal LM that murphy pretrains
itself, on CPU, on the constants family's corpus (coder_corpus.py), with a byte-level BPE tokenizer
trained on the same corpus. Nothing is downloaded.

The build is deterministic (fixed seeds, fixed corpus, a fixed thread count) and takes a few minutes
on two cores; it is cached under ${MURPHY_CACHE:-~/.cache/murphy}/models/coder and rebuilt when
CODER_MODEL_VERSION changes.

    python -m murphy_inference.coder_model        # the cached coder (built if missing); prints its directory
    python -m murphy_inference.coder_model DIR    # build afresh into DIR
"""

from __future__ import annotations

import math
import random
import sys
import time
from pathlib import Path

import torch
from transformers import PreTrainedTokenizerFast, Qwen3ForCausalLM
from transformers.utils import logging as transformers_logging

from murphy_inference import coder_corpus, model_cache, tiny_model

# Bump whenever the corpus, the tokenizer, the model shape or the training schedule change.
CODER_MODEL_VERSION = "4"
SEED = 4321
VOCAB_SIZE = 768
CORPUS_SIZE = 1600
STEPS = 200
BATCH = 8
PEAK_LEARNING_RATE = 3e-3
WARMUP_STEPS = 20
# Threads change the order of float sums, so a fixed count keeps the build the same on every machine;
# one, because a model this small gains little from more and loses much when the cores are busy.
THREADS = 1


def default_dir() -> Path:
    return model_cache.cache_root() / "models" / "coder"


def encode(tokenizer: PreTrainedTokenizerFast, example: coder_corpus.Example) -> tuple[list[int], int]:
    """Token ids of prompt + completion + <|im_end|>, and where the completion starts."""
    prompt = tokenizer.apply_chat_template(example.messages, add_generation_prompt=True, tokenize=False)
    prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
    completion_ids = tokenizer(example.completion + tiny_model.IM_END, add_special_tokens=False)["input_ids"]
    return prompt_ids + completion_ids, len(prompt_ids)


def batch_tensors(rows: list[tuple[list[int], int]], pad_id: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Right-padded ids, attention mask, and labels that score only completion tokens."""
    width = max(len(ids) for ids, _ in rows)
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    labels = torch.full((len(rows), width), -100, dtype=torch.long)
    for i, (row, start) in enumerate(rows):
        ids[i, : len(row)] = torch.tensor(row)
        mask[i, : len(row)] = 1
        labels[i, start : len(row)] = torch.tensor(row[start:])
    return ids, mask, labels


def learning_rate(step: int) -> float:
    if step < WARMUP_STEPS:
        return PEAK_LEARNING_RATE * (step + 1) / WARMUP_STEPS
    progress = (step - WARMUP_STEPS) / max(1, STEPS - WARMUP_STEPS)
    return PEAK_LEARNING_RATE * 0.5 * (1 + math.cos(math.pi * progress))


def pretrain(model: Qwen3ForCausalLM, rows: list[tuple[list[int], int]], pad_id: int, log=print) -> None:
    rng = random.Random(SEED)
    optimizer = torch.optim.AdamW(model.parameters(), lr=PEAK_LEARNING_RATE, weight_decay=0.01)
    model.train()
    start = time.perf_counter()
    for step in range(STEPS):
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step)
        ids, mask, labels = batch_tensors(rng.sample(rows, BATCH), pad_id)
        loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad()
        if step % 20 == 0 or step == STEPS - 1:
            log(f"coder pretraining: step {step + 1}/{STEPS}, loss {loss.item():.3f}, {time.perf_counter() - start:.0f}s")
    model.eval()


def build(directory: Path, log=lambda line: print(line, file=sys.stderr)) -> Path:
    """Pretrains the coder and writes it to `directory` (replacing what is there)."""

    def write(staging: Path) -> None:
        transformers_logging.disable_progress_bar()
        threads = torch.get_num_threads()
        torch.set_num_threads(THREADS)
        try:
            examples = coder_corpus.corpus(CORPUS_SIZE, SEED)
            texts = [m["content"] for e in examples for m in e.messages] + [e.completion for e in examples]
            tokenizer = tiny_model.build_tokenizer(texts, VOCAB_SIZE)
            rows = [encode(tokenizer, e) for e in examples]
            model = tiny_model.build_model(tokenizer, seed=SEED, max_positions=2048)
            pretrain(model, rows, tokenizer.pad_token_id, log)
            tokenizer.save_pretrained(staging)
            model.save_pretrained(staging)
        finally:
            torch.set_num_threads(threads)

    return model_cache.build_into(directory, CODER_MODEL_VERSION, write)


def ensure(directory: Path | None = None) -> Path:
    """The coder's directory, pretrained first if it is missing or from another version."""
    return model_cache.ensure(Path(directory) if directory is not None else default_dir(), CODER_MODEL_VERSION, build)


def main(argv: list[str]) -> int:
    if len(argv) > 1:
        print("usage: python -m murphy_inference.coder_model [DIR]", file=sys.stderr)
        return 2
    print(build(Path(argv[0])) if argv else ensure())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
