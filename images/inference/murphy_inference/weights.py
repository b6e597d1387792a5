"""Weight directories: the safetensors files Trainer.ExportWeights writes and LoadWeights reads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import torch
from safetensors import safe_open

from murphy_inference.backend import InvalidWeights


def safetensors_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise FileNotFoundError(f"directory {str(directory)!r} does not exist")
    files = sorted(directory.glob("*.safetensors"))
    if not files:
        raise InvalidWeights(f"directory {str(directory)!r} holds no *.safetensors files")
    return files


def count_tensors(directory: Path) -> int:
    total = 0
    for path in safetensors_files(directory):
        with safe_open(str(path), framework="pt") as handle:
            total += len(list(handle.keys()))
    return total


def iter_tensors(directory: Path) -> Iterator[tuple[str, torch.Tensor]]:
    """(name, tensor) for every tensor of the directory, file by file, without loading all at once."""
    for path in safetensors_files(directory):
        with safe_open(str(path), framework="pt") as handle:
            for name in handle.keys():
                yield name, handle.get_tensor(name)


@torch.no_grad()
def read_checked(model: torch.nn.Module, directory: Path) -> dict[str, torch.Tensor]:
    """The directory's tensors, checked against the model and converted to its parameters' dtype and
    device, without touching the model (so generation can go on meanwhile).

    Every tensor must have a known name and the same shape, and every model tensor must be there.
    Tied parameters (lm_head = embeddings) may appear once.
    """
    targets = dict(model.state_dict(keep_vars=True))
    loaded = dict(iter_tensors(directory))
    unknown = sorted(set(loaded) - set(targets))
    if unknown:
        raise InvalidWeights(f"{len(unknown)} tensors are not in the model, e.g. {unknown[0]!r}")
    for name, tensor in loaded.items():
        if tuple(tensor.shape) != tuple(targets[name].shape):
            raise InvalidWeights(
                f"tensor {name!r} has shape {tuple(tensor.shape)}, the model expects {tuple(targets[name].shape)}"
            )
    missing = {id(targets[name]) for name in targets} - {id(targets[name]) for name in loaded}
    if missing:
        absent = sorted(name for name in targets if id(targets[name]) in missing)
        raise InvalidWeights(f"{len(absent)} model tensors are missing, e.g. {absent[0]!r}")
    return {name: tensor.to(device=targets[name].device, dtype=targets[name].dtype) for name, tensor in loaded.items()}


@torch.no_grad()
def copy_into(model: torch.nn.Module, tensors: dict[str, torch.Tensor]) -> int:
    """Copies tensors from read_checked into the model's parameters and buffers in place."""
    targets = dict(model.state_dict(keep_vars=True))
    for name, tensor in tensors.items():
        targets[name].copy_(tensor)
    return len(tensors)


def load_into(model: torch.nn.Module, directory: Path) -> int:
    """Reads, checks and copies the directory's tensors into the model; a directory that does not fit
    leaves the model as it was."""
    return copy_into(model, read_checked(model, directory))


def prefetch(directory: Path) -> int:
    """Reads the directory's safetensors files once, so that a load soon after finds them in the page
    cache instead of on disk; returns the tensors in them (which also checks the files' headers)."""
    for path in safetensors_files(directory):
        with path.open("rb") as handle:
            while handle.read(PREFETCH_CHUNK_BYTES):
                pass
    return count_tensors(directory)


PREFETCH_CHUNK_BYTES = 16 << 20
