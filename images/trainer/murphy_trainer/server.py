"""Wires rank 0: gRPC (its own thread and event loop), metrics endpoint, and the training loop on the
main thread. SIGTERM drains: calls in flight finish, a checkpoint is saved, every rank stops."""

from __future__ import annotations

import asyncio
import logging
import queue
import signal
import threading
from concurrent.futures import Future
from dataclasses import dataclass

import grpc
from murphy_inference.http_server import MetricsServer
from murphy_inference.server import GRPC_OPTIONS

from murphy_trainer.commands import Channel, Checkpoint, Job, Stop, lead
from murphy_trainer.engine import TrainingEngine
from murphy_trainer.gen.murphy.v1 import trainer_pb2_grpc
from murphy_trainer.metrics import TrainerMetrics
from murphy_trainer.service import TrainerService

log = logging.getLogger("murphy_trainer")


@dataclass(frozen=True)
class Endpoints:
    model: str
    port: int
    metrics_port: int
    host: str = "0.0.0.0"
    shutdown_grace_seconds: float = 60.0


class GrpcThread:
    """grpc.aio serving the trainer from a thread of its own, so the main thread can train."""

    def __init__(self, service: TrainerService, endpoints: Endpoints):
        self._service = service
        self._endpoints = endpoints
        self._loop = asyncio.new_event_loop()
        self._server: grpc.aio.Server | None = None
        self._started: Future[int] = Future()
        self._thread = threading.Thread(target=self._run, name="grpc", daemon=True)

    def start(self) -> int:
        self._thread.start()
        return self._started.result()

    def stop(self) -> None:
        if self._server is not None:
            grace = self._endpoints.shutdown_grace_seconds
            asyncio.run_coroutine_threadsafe(self._server.stop(grace), self._loop).result()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._start())
        self._loop.run_forever()

    async def _start(self) -> None:
        self._server = grpc.aio.server(options=GRPC_OPTIONS)
        trainer_pb2_grpc.add_TrainerServicer_to_server(self._service, self._server)
        port = self._server.add_insecure_port(f"{self._endpoints.host}:{self._endpoints.port}")
        await self._server.start()
        self._started.set_result(port)


def serve(engine: TrainingEngine, channel: Channel, endpoints: Endpoints) -> None:
    jobs: queue.Queue[Job] = queue.Queue()
    metrics = TrainerMetrics()
    service = TrainerService(engine, jobs, endpoints.model, metrics)
    grpc_thread = GrpcThread(service, endpoints)
    port = grpc_thread.start()
    http = MetricsServer(endpoints.metrics_port, [metrics.registry], lambda: service.serving, endpoints.host).start()

    def shutdown() -> None:
        service.drain()
        grpc_thread.stop()  # waits for calls in flight (they are jobs ahead in the queue)
        last = engine.last_checkpoint()
        if engine.policy_version > 0 and (last is None or not last.name.endswith(f"-{engine.policy_version}")):
            jobs.put(Job(Checkpoint(), Future()))
        jobs.put(Job(Stop(), Future()))

    def on_signal(signum: int, _frame: object) -> None:
        log.info("signal %d: draining, saving a checkpoint, stopping", signum)
        threading.Thread(target=shutdown, name="shutdown", daemon=True).start()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, on_signal)
    # Tests and scripts read this line to learn the ports (0 picks free ones).
    print(
        f"murphy-trainer: serving gRPC on {endpoints.host}:{port}, metrics on :{http.port}, "
        f"{engine.world_size} rank(s) {engine.layout}, policy version {engine.policy_version}",
        flush=True,
    )
    try:
        lead(engine, channel, jobs)
    finally:
        http.stop()
