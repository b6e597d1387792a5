"""Keeps weight loads and generation apart, so every sample is labelled with the policy that made it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class WeightsGate:
    """Many generations at once, or one weight load alone. A waiting load holds back new generations,
    so a steady stream of requests cannot starve it."""

    def __init__(self) -> None:
        self._condition = asyncio.Condition()
        self._generating = 0
        self._loading = False
        self._loads_waiting = 0

    @asynccontextmanager
    async def generating(self) -> AsyncIterator[None]:
        async with self._condition:
            await self._condition.wait_for(lambda: not self._loading and self._loads_waiting == 0)
            self._generating += 1
        try:
            yield
        finally:
            async with self._condition:
                self._generating -= 1
                self._condition.notify_all()

    @asynccontextmanager
    async def loading(self) -> AsyncIterator[None]:
        async with self._condition:
            self._loads_waiting += 1
            try:
                await self._condition.wait_for(lambda: not self._loading and self._generating == 0)
            finally:
                self._loads_waiting -= 1
            self._loading = True
        try:
            yield
        finally:
            async with self._condition:
                self._loading = False
                self._condition.notify_all()
