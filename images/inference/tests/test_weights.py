"""Weight directories: staging reads and checks them without touching the served model."""

from pathlib import Path

import pytest
import torch
from murphy_inference import weights
from murphy_inference.backend import InvalidWeights
from transformers import AutoModelForCausalLM


def test_read_checked_leaves_the_model_and_copy_into_applies_it(tiny_model_dir: Path, tmp_path: Path) -> None:
    model = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    other = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    with torch.no_grad():
        for parameter in other.parameters():
            parameter.add_(1.0)
    other.save_pretrained(tmp_path / "other")
    before = {name: tensor.clone() for name, tensor in model.state_dict().items()}
    staged = weights.read_checked(model, tmp_path / "other")
    assert all(torch.equal(before[name], tensor) for name, tensor in model.state_dict().items())
    assert weights.copy_into(model, staged) == len(staged)
    assert all(torch.equal(other.state_dict()[name], tensor) for name, tensor in model.state_dict().items())


def test_prefetch_counts_the_tensors_and_refuses_what_load_refuses(tiny_model_dir: Path, tmp_path: Path) -> None:
    assert weights.prefetch(tiny_model_dir) == weights.count_tensors(tiny_model_dir) > 0
    with pytest.raises(FileNotFoundError):
        weights.prefetch(tmp_path / "missing")
    with pytest.raises(InvalidWeights, match="no \\*.safetensors"):
        weights.prefetch(tmp_path)
