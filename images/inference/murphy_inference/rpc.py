"""Running one gRPC call (grpc.aio) the same way in every murphy Python service: known failures end
the call with their status and a message that names the field; anything else is INTERNAL with its
cause, logged with its stack trace, and the service keeps serving."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import grpc
from prometheus_client import Counter, Histogram

T = TypeVar("T")
log = logging.getLogger("murphy")


class RequestError(Exception):
    """Ends a call with a gRPC status; the message names the field and says what to do."""

    def __init__(self, code: grpc.StatusCode, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def invalid(message: str) -> RequestError:
    return RequestError(grpc.StatusCode.INVALID_ARGUMENT, message)


# Called once per call with the method, the status code and the seconds it took.
Observer = Callable[[str, grpc.StatusCode, float], None]


def request_observer(requests: Counter, latency: Histogram) -> Observer:
    """Counts calls by method and status code and times them by method."""

    def observe(method: str, code: grpc.StatusCode, seconds: float) -> None:
        requests.labels(method, code.name).inc()
        latency.labels(method).observe(seconds)

    return observe


async def handle(
    method: str, context: grpc.aio.ServicerContext, work: Callable[[], Awaitable[T]], observe: Observer
) -> T:
    start = time.perf_counter()
    code = grpc.StatusCode.OK
    try:
        return await work()
    except RequestError as error:
        code = error.code
        await context.abort(error.code, error.message)
    except Exception as error:  # a bug or a broken backend: report the cause, keep serving
        code = grpc.StatusCode.INTERNAL
        log.exception("%s failed", method)
        await context.abort(code, f"{method} failed: {type(error).__name__}: {error}")
    finally:
        observe(method, code, time.perf_counter() - start)
    raise AssertionError("unreachable: context.abort raises")
