import hashlib
import subprocess
import sys
from pathlib import Path

from murphy_inference import model_source, tiny_model
from transformers import AutoModelForCausalLM, AutoTokenizer


def digests(directory: Path) -> dict[str, str]:
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(directory.iterdir())}


def test_the_build_is_deterministic_and_the_command_line_writes_the_same_files(tmp_path: Path) -> None:
    tiny_model.build(tmp_path / "a")
    subprocess.run(
        [sys.executable, "-m", "murphy_inference.tiny_model", str(tmp_path / "b")], check=True, capture_output=True
    )
    assert digests(tmp_path / "a") == digests(tmp_path / "b")
    assert "model.safetensors" in digests(tmp_path / "a")


def test_the_tiny_model_is_a_small_qwen3_with_a_chat_template(tiny_model_dir: Path) -> None:
    tokenizer = AutoTokenizer.from_pretrained(tiny_model_dir)
    model = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    assert model.config.model_type == "qwen3"
    assert sum(p.numel() for p in model.parameters()) < 1_000_000
    text = tokenizer.apply_chat_template(
        [{"role": "user", "content": "def add(a, b):"}], add_generation_prompt=True, tokenize=False
    )
    assert text == "<|im_start|>user\ndef add(a, b):<|im_end|>\n<|im_start|>assistant\n"
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    assert tokenizer.decode(ids) == text
    assert tokenizer.eos_token == "<|im_end|>"


def test_builtin_tiny_resolves_to_the_cached_build_and_other_sources_must_be_model_directories(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    assert model_source.resolve("builtin:tiny") == tiny_model_dir
    assert model_source.resolve(str(tiny_model_dir)) == tiny_model_dir
    for bad in ("builtin:huge", str(tmp_path)):
        try:
            model_source.resolve(bad)
        except ValueError as error:
            assert repr(bad) in str(error)
        else:
            raise AssertionError(f"{bad} was accepted")
