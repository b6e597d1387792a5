"""Stop strings: a completion ends after the token that completes one of them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Decoder(Protocol):
    def decode(self, token_ids: list[int], skip_special_tokens: bool = ...) -> str: ...


class StopStrings:
    """Checks only the tail of a completion after each new token: a string of c characters spans at
    most 4c byte-level tokens, so the tail holds any occurrence that the newest token completed."""

    def __init__(self, decoder: Decoder, stops: Sequence[str]):
        self._decoder = decoder
        self._stops = tuple(stop for stop in stops if stop)
        self._window = 4 * max((len(stop) for stop in self._stops), default=0) + 2

    def __call__(self, token_ids: list[int]) -> bool:
        if not self._stops:
            return False
        tail = self._decoder.decode(token_ids[-self._window :], skip_special_tokens=True)
        return any(stop in tail for stop in self._stops)
