"""Runs inside each vLLM worker process (vLLM's --worker-extension-cls): loads new weights in place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from murphy_inference.weights import iter_tensors


class WeightLoader:
    """Mixed into vLLM's worker class; `model_runner` is the worker's."""

    model_runner: Any

    def murphy_load_weights(self, directory: str) -> int:
        tensors = list(iter_tensors(Path(directory)))
        self.model_runner.model.load_weights(weights=iter(tensors))
        return len(tensors)
