"""Where a model comes from: a built-in model murphy builds itself (`builtin:tiny`, `builtin:coder`) or a
local directory in transformers' format."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from murphy_inference import coder_model, tiny_model

BUILTIN_TINY = "builtin:tiny"
BUILTIN_CODER = "builtin:coder"
BUILTINS: dict[str, Callable[[], Path]] = {BUILTIN_TINY: tiny_model.ensure, BUILTIN_CODER: coder_model.ensure}


def resolve(source: str) -> Path:
    """The model directory for a --model argument; raises ValueError saying what to pass instead."""
    if source in BUILTINS:
        return BUILTINS[source]()
    names = " or ".join(repr(name) for name in BUILTINS)
    if source.startswith("builtin:"):
        raise ValueError(f"--model {source!r}: the built-in models are {names}")
    directory = Path(source)
    if not (directory / "config.json").is_file():
        raise ValueError(
            f"--model {source!r}: not a model directory (no config.json); give a local directory in transformers' "
            f"format or {names} (nothing is downloaded)"
        )
    return directory
