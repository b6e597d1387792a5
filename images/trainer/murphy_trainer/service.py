"""murphy.v1.Trainer on rank 0: validates calls and hands them to the training loop as jobs."""

from __future__ import annotations

import asyncio
import queue
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import grpc
from murphy_inference.gen.murphy.v1 import executor_pb2
from murphy_inference.rpc import RequestError, handle, invalid, request_observer

from murphy_trainer.commands import Checkpoint, Command, Export, Job, StaleStep, Train
from murphy_trainer.engine import Saved, StepResult, TrainingEngine
from murphy_trainer.gen.murphy.v1 import trainer_pb2, trainer_pb2_grpc
from murphy_trainer.importance_weights import ImportanceWeights
from murphy_trainer.metrics import TrainerMetrics
from murphy_trainer.samples import TrainSample, validate
from murphy_trainer.schedule import check_total_steps


def parse_samples(request: trainer_pb2.TrainRequest) -> list[TrainSample]:
    return [
        TrainSample(
            prompt_ids=list(s.prompt_token_ids),
            completion_ids=list(s.completion_token_ids),
            advantage=s.advantage,
            sampling_logprobs=list(s.sampling_logprobs) if s.sampling_logprobs else None,
            group_id=s.group_id,
            tree_id=s.tree_id,
        )
        for s in request.samples
    ]


def train_request(
    samples: list[TrainSample], policy_version: int | None = None, total_steps: int | None = None
) -> trainer_pb2.TrainRequest:
    """The inverse of parse_samples: what a client (tests, benchmarks) sends."""
    request = trainer_pb2.TrainRequest(
        samples=[
            trainer_pb2.TrainSample(
                prompt_token_ids=s.prompt_ids,
                completion_token_ids=s.completion_ids,
                advantage=s.advantage,
                sampling_logprobs=s.sampling_logprobs or [],
                group_id=s.group_id,
                tree_id=s.tree_id,
            )
            for s in samples
        ]
    )
    if policy_version is not None:
        request.policy_version = policy_version
    if total_steps is not None:
        request.total_steps = total_steps
    return request


def check_lengths(samples: list[TrainSample], max_tokens: int) -> None:
    for i, s in enumerate(samples):
        if len(s.prompt_ids) + len(s.completion_ids) > max_tokens:
            raise ValueError(
                f"samples[{i}]: {len(s.prompt_ids) + len(s.completion_ids)} tokens exceed the model's "
                f"context of {max_tokens}"
            )


def importance_weights_message(weights: ImportanceWeights | None) -> trainer_pb2.ImportanceWeights | None:
    if weights is None:
        return None
    return trainer_pb2.ImportanceWeights(mean=weights.mean, min=weights.min, max=weights.max)


class TrainerService(trainer_pb2_grpc.TrainerServicer):
    def __init__(self, engine: TrainingEngine, jobs: queue.Queue[Job], model_name: str, metrics: TrainerMetrics):
        self._engine = engine
        self._jobs = jobs
        self._model_name = model_name
        self._metrics = metrics
        self._observe = request_observer(metrics.requests, metrics.latency)
        self._serving = True
        metrics.policy_version.set(engine.policy_version)

    @property
    def serving(self) -> bool:
        return self._serving

    def drain(self) -> None:
        self._serving = False

    async def Train(
        self, request: trainer_pb2.TrainRequest, context: grpc.aio.ServicerContext
    ) -> trainer_pb2.TrainResponse:
        return await handle("Train", context, lambda: self._train(request), self._observe)

    async def ExportWeights(
        self, request: trainer_pb2.ExportWeightsRequest, context: grpc.aio.ServicerContext
    ) -> trainer_pb2.ExportWeightsResponse:
        return await handle("ExportWeights", context, lambda: self._export(request), self._observe)

    async def SaveCheckpoint(
        self, request: trainer_pb2.SaveCheckpointRequest, context: grpc.aio.ServicerContext
    ) -> trainer_pb2.SaveCheckpointResponse:
        return await handle("SaveCheckpoint", context, self._checkpoint, self._observe)

    async def Health(
        self, request: trainer_pb2.TrainerHealthRequest, context: grpc.aio.ServicerContext
    ) -> trainer_pb2.TrainerHealthResponse:
        last = self._engine.last_checkpoint()
        return trainer_pb2.TrainerHealthResponse(
            status=executor_pb2.SERVING_STATUS_SERVING if self._serving else executor_pb2.SERVING_STATUS_NOT_SERVING,
            model=self._model_name,
            policy_version=self._engine.policy_version,
            world_size=self._engine.world_size,
            last_checkpoint=str(last) if last else "",
            device=self._engine.device,
        )

    async def _train(self, request: trainer_pb2.TrainRequest) -> trainer_pb2.TrainResponse:
        samples = parse_samples(request)
        total_steps = request.total_steps if request.HasField("total_steps") else None
        try:
            validate(samples, self._engine.vocab_size, self._engine.world_size, self._engine.needs_sampling_logprobs)
            check_lengths(samples, self._engine.max_tokens)
            check_total_steps(self._engine.settings.lr_schedule, total_steps)
        except ValueError as error:
            raise invalid(str(error)) from error
        expected = request.policy_version if request.HasField("policy_version") else None
        try:
            result: StepResult = await self._submit(Train(samples, expected, total_steps))
        except StaleStep as error:
            raise RequestError(grpc.StatusCode.FAILED_PRECONDITION, str(error)) from error
        self._metrics.record_step(result)
        return trainer_pb2.TrainResponse(
            loss=result.loss,
            kl=result.kl,
            clip_fraction=result.clip_fraction,
            grad_norm=result.grad_norm,
            tokens=result.tokens,
            samples=result.samples,
            seconds=result.seconds,
            policy_version=result.policy_version,
            learning_rate=result.learning_rate,
            importance_weights=importance_weights_message(result.importance_weights),
        )

    async def _export(self, request: trainer_pb2.ExportWeightsRequest) -> trainer_pb2.ExportWeightsResponse:
        saved: Saved = await self._submit(Export(Path(request.directory) if request.directory else None))
        self._metrics.export_seconds.observe(saved.seconds)
        return trainer_pb2.ExportWeightsResponse(
            directory=str(saved.directory),
            policy_version=saved.policy_version,
            seconds=saved.seconds,
            bytes=saved.bytes,
        )

    async def _checkpoint(self) -> trainer_pb2.SaveCheckpointResponse:
        saved: Saved = await self._submit(Checkpoint())
        self._metrics.checkpoints.inc()
        return trainer_pb2.SaveCheckpointResponse(
            directory=str(saved.directory), policy_version=saved.policy_version, seconds=saved.seconds
        )

    async def _submit(self, command: Command) -> Any:
        if not self._serving:
            raise RequestError(grpc.StatusCode.UNAVAILABLE, "the trainer is shutting down; retry after it restarts")
        result: Future[Any] = Future()
        self._jobs.put(Job(command, result))
        return await asyncio.wrap_future(result)
