"""The tiny CPU model (`model.source: builtin:tiny`): a two-layer Qwen3 causal LM with random weights
and a byte-level BPE tokenizer trained here on a built-in corpus, so nothing is downloaded.

The build is deterministic (fixed seed, fixed corpus); it is cached under
${MURPHY_CACHE:-~/.cache/murphy}/models/tiny and rebuilt when TINY_MODEL_VERSION changes.

    python -m murphy_inference.tiny_model [DIR]
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
import tempfile
from pathlib import Path

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import PreTrainedTokenizerFast, Qwen3Config, Qwen3ForCausalLM
from transformers.utils import logging as transformers_logging

from murphy_inference.tiny_corpus import CORPUS

# Bump whenever the corpus, the tokenizer settings or the model shape change.
TINY_MODEL_VERSION = "1"
VERSION_FILE = "murphy-tiny-version"
SEED = 1234
VOCAB_SIZE = 1024
PAD_TOKEN = "<|endoftext|>"
IM_START = "<|im_start|>"
IM_END = "<|im_end|>"

# ChatML, the format of Qwen's chat models. The assistant turn ends with <|im_end|>, the EOS token.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)


def cache_root() -> Path:
    return Path(os.environ.get("MURPHY_CACHE") or Path.home() / ".cache" / "murphy")


def default_dir() -> Path:
    return cache_root() / "models" / "tiny"


def build_tokenizer() -> PreTrainedTokenizerFast:
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB_SIZE,
        special_tokens=[PAD_TOKEN, IM_START, IM_END],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    bpe.train_from_iterator(list(CORPUS), trainer)
    return PreTrainedTokenizerFast(
        tokenizer_object=bpe,
        eos_token=IM_END,
        pad_token=PAD_TOKEN,
        chat_template=CHAT_TEMPLATE,
        padding_side="left",
    )


def build_model(tokenizer: PreTrainedTokenizerFast) -> Qwen3ForCausalLM:
    config = Qwen3Config(
        vocab_size=len(tokenizer),
        hidden_size=128,
        intermediate_size=256,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        head_dim=32,
        max_position_embeddings=4096,
        tie_word_embeddings=True,
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        bos_token_id=None,
    )
    torch.manual_seed(SEED)
    model = Qwen3ForCausalLM(config)
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    return model.eval()


def build(directory: Path) -> Path:
    """Writes the tiny model to `directory` (replacing what is there) and returns it."""
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tiny-", dir=directory.parent))
    transformers_logging.disable_progress_bar()
    tokenizer = build_tokenizer()
    tokenizer.save_pretrained(staging)
    build_model(tokenizer).save_pretrained(staging)
    (staging / VERSION_FILE).write_text(TINY_MODEL_VERSION + "\n")
    if directory.exists():
        shutil.rmtree(directory)
    staging.rename(directory)
    return directory


def is_current(directory: Path) -> bool:
    marker = Path(directory) / VERSION_FILE
    return marker.is_file() and marker.read_text().strip() == TINY_MODEL_VERSION


def ensure(directory: Path | None = None) -> Path:
    """The tiny model's directory, built first if it is missing or from another version. Processes that
    start together (torchrun ranks, test servers) build it once: the others wait on a lock file."""
    target = Path(directory) if directory is not None else default_dir()
    if is_current(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f".{target.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return target if is_current(target) else build(target)


def main(argv: list[str]) -> int:
    if len(argv) > 1:
        print("usage: python -m murphy_inference.tiny_model [DIR]", file=sys.stderr)
        return 2
    target = Path(argv[0]) if argv else default_dir()
    print(build(target))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
