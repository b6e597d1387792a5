"""Wires the inference process: backend, gRPC server, metrics endpoint, graceful shutdown."""

from __future__ import annotations

import asyncio
import logging
import signal
from dataclasses import dataclass, field
from pathlib import Path

import grpc

from murphy_inference.backend import Backend
from murphy_inference.gen.murphy.v1 import inference_pb2_grpc
from murphy_inference.http_server import MetricsServer
from murphy_inference.metrics import InferenceMetrics
from murphy_inference.service import InferenceService

log = logging.getLogger("murphy_inference")
# Batches of long completions (token ids and log-probs) outgrow gRPC's 4 MiB default.
MAX_MESSAGE_BYTES = 256 * 1024 * 1024
GRPC_OPTIONS = [
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
]


@dataclass(frozen=True)
class Options:
    backend: str
    model: str
    port: int
    metrics_port: int
    host: str = "0.0.0.0"
    device: str = "auto"
    max_batch_rows: int = 64
    engine_args: list[str] = field(default_factory=list)
    # The coordinator's published policy (directory and version), loaded before serving when present.
    policy_file: Path | None = None
    shutdown_grace_seconds: float = 30.0


def make_backend(options: Options, model_dir: Path) -> Backend:
    if options.backend == "hf":
        if options.engine_args:
            raise ValueError(f"--backend hf takes no engine arguments (got {' '.join(options.engine_args)})")
        from murphy_inference.hf_backend import HfBackend

        return HfBackend(model_dir, options.device, options.max_batch_rows)
    from murphy_inference.vllm_backend import VllmBackend  # vLLM is only installed in GPU images

    return VllmBackend(model_dir, options.engine_args)


async def serve(options: Options, backend: Backend) -> None:
    """Serves until SIGTERM or SIGINT, then drains: Health turns NOT_SERVING and calls in flight finish."""
    metrics = InferenceMetrics()
    service = InferenceService(backend, options.model, metrics)
    if options.policy_file is not None:
        await service.load_published(options.policy_file)
    server = grpc.aio.server(options=GRPC_OPTIONS)
    inference_pb2_grpc.add_InferenceServicer_to_server(service, server)
    port = server.add_insecure_port(f"{options.host}:{options.port}")
    await server.start()
    registries = [metrics.registry, *backend.metrics_registries()]
    http = MetricsServer(options.metrics_port, registries, lambda: service.serving, options.host).start()
    # Tests and scripts read this line to learn the ports (0 picks free ones).
    print(f"murphy-inference: serving gRPC on {options.host}:{port}, metrics on :{http.port}", flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set)
    await stop.wait()
    log.info("shutting down: finishing calls in flight")
    service.drain()
    await server.stop(options.shutdown_grace_seconds)
    http.stop()
    await backend.close()
