"""Where a model comes from: `builtin:tiny` (built here) or a local directory in transformers' format."""

from __future__ import annotations

from pathlib import Path

from murphy_inference import tiny_model

BUILTIN_TINY = "builtin:tiny"


def resolve(source: str) -> Path:
    """The model directory for a --model argument; raises ValueError saying what to pass instead."""
    if source == BUILTIN_TINY:
        return tiny_model.ensure()
    if source.startswith("builtin:"):
        raise ValueError(f"--model {source!r}: the only built-in model is {BUILTIN_TINY!r}")
    directory = Path(source)
    if not (directory / "config.json").is_file():
        raise ValueError(
            f"--model {source!r}: not a model directory (no config.json); give a local directory in transformers' "
            f"format or {BUILTIN_TINY!r} (nothing is downloaded)"
        )
    return directory
