"""The tiny CPU model (`model.source: builtin:tiny`): a two-layer Qwen3 causal LM with random weights
and a byte-level BPE tokenizer trained here on a built-in corpus, so nothing is downloaded.

The build is deterministic (fixed seed, fixed corpus); it is cached under
${MURPHY_CACHE:-~/.cache/murphy}/models/tiny and rebuilt when TINY_MODEL_VERSION changes.

    python -m murphy_inference.tiny_model [DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import PreTrainedTokenizerFast, Qwen3Config, Qwen3ForCausalLM
from transformers.utils import logging as transformers_logging

from murphy_inference import model_cache
from murphy_inference.tiny_corpus import CORPUS

# Bump whenever the corpus, the tokenizer settings or the model shape change.
TINY_MODEL_VERSION = "1"
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


def default_dir() -> Path:
    return model_cache.cache_root() / "models" / "tiny"


def build_tokenizer(corpus: list[str] | None = None, vocab_size: int = VOCAB_SIZE) -> PreTrainedTokenizerFast:
    """A byte-level BPE tokenizer trained on `corpus` (the tiny corpus by default), with ChatML tokens."""
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=[PAD_TOKEN, IM_START, IM_END],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    bpe.train_from_iterator(list(CORPUS) if corpus is None else corpus, trainer)
    return PreTrainedTokenizerFast(
        tokenizer_object=bpe,
        eos_token=IM_END,
        pad_token=PAD_TOKEN,
        chat_template=CHAT_TEMPLATE,
        padding_side="left",
    )


def build_model(tokenizer: PreTrainedTokenizerFast, seed: int = SEED, max_positions: int = 4096) -> Qwen3ForCausalLM:
    """The two-layer Qwen3 shape murphy's small models share, with weights drawn from `seed`."""
    config = Qwen3Config(
        vocab_size=len(tokenizer),
        hidden_size=128,
        intermediate_size=256,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        head_dim=32,
        max_position_embeddings=max_positions,
        tie_word_embeddings=True,
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        bos_token_id=None,
    )
    torch.manual_seed(seed)
    model = Qwen3ForCausalLM(config)
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    return model.eval()


def build(directory: Path) -> Path:
    """Writes the tiny model to `directory` (replacing what is there) and returns it."""

    def write(staging: Path) -> None:
        transformers_logging.disable_progress_bar()
        tokenizer = build_tokenizer()
        tokenizer.save_pretrained(staging)
        build_model(tokenizer).save_pretrained(staging)

    return model_cache.build_into(directory, TINY_MODEL_VERSION, write)


def is_current(directory: Path) -> bool:
    return model_cache.is_current(directory, TINY_MODEL_VERSION)


def ensure(directory: Path | None = None) -> Path:
    """The tiny model's directory, built first if it is missing or from another version."""
    return model_cache.ensure(Path(directory) if directory is not None else default_dir(), TINY_MODEL_VERSION, build)


def main(argv: list[str]) -> int:
    if len(argv) > 1:
        print("usage: python -m murphy_inference.tiny_model [DIR]", file=sys.stderr)
        return 2
    target = Path(argv[0]) if argv else default_dir()
    print(build(target))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
