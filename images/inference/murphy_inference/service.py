"""murphy.v1.Inference over a backend: validation, policy versions, errors as gRPC statuses, metrics."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import grpc

from murphy_inference.backend import Backend, InvalidPrompt, InvalidWeights, PromptOutput
from murphy_inference.gen.murphy.v1 import executor_pb2, inference_pb2, inference_pb2_grpc
from murphy_inference.metrics import InferenceMetrics
from murphy_inference.rpc import RequestError, handle, invalid, request_observer
from murphy_inference.validation import parse_prompts, parse_sampling
from murphy_inference.weights_gate import WeightsGate

log = logging.getLogger("murphy_inference")
FINISH_REASONS = {"stop": inference_pb2.FINISH_REASON_STOP, "length": inference_pb2.FINISH_REASON_LENGTH}


def to_proto(outputs: list[PromptOutput], version: int) -> inference_pb2.GenerateResponse:
    return inference_pb2.GenerateResponse(
        policy_version=version,
        results=[
            inference_pb2.PromptCompletions(
                prompt_token_ids=out.prompt_token_ids,
                samples=[
                    inference_pb2.Sample(
                        text=s.text,
                        token_ids=s.token_ids,
                        logprobs=s.logprobs,
                        finish_reason=FINISH_REASONS[s.finish_reason],
                        policy_version=version,
                    )
                    for s in out.samples
                ],
            )
            for out in outputs
        ],
    )


@contextmanager
def weights_errors(directory: str) -> Iterator[None]:
    """A weights directory's problems as the request errors LoadWeights and StageWeights answer."""
    if not directory:
        raise invalid("directory: give the directory that Trainer.ExportWeights wrote")
    try:
        yield
    except FileNotFoundError as error:
        raise RequestError(grpc.StatusCode.NOT_FOUND, f"directory: {error}") from error
    except InvalidWeights as error:
        raise invalid(f"directory {directory!r}: {error}; the model is unchanged") from error


class InferenceService(inference_pb2_grpc.InferenceServicer):
    def __init__(self, backend: Backend, model_name: str, metrics: InferenceMetrics):
        self._backend = backend
        self._model_name = model_name
        self._metrics = metrics
        self._observe = request_observer(metrics.requests, metrics.latency)
        self._gate = WeightsGate()
        self._version = 0
        self._serving = True
        metrics.policy_version.set(0)

    @property
    def serving(self) -> bool:
        return self._serving

    def drain(self) -> None:
        """Health answers NOT_SERVING from now on (the process is shutting down)."""
        self._serving = False

    async def Generate(
        self, request: inference_pb2.GenerateRequest, context: grpc.aio.ServicerContext
    ) -> inference_pb2.GenerateResponse:
        return await handle("Generate", context, lambda: self._generate(request), self._observe)

    async def LoadWeights(
        self, request: inference_pb2.LoadWeightsRequest, context: grpc.aio.ServicerContext
    ) -> inference_pb2.LoadWeightsResponse:
        return await handle("LoadWeights", context, lambda: self._load_weights(request), self._observe)

    async def StageWeights(
        self, request: inference_pb2.StageWeightsRequest, context: grpc.aio.ServicerContext
    ) -> inference_pb2.StageWeightsResponse:
        return await handle("StageWeights", context, lambda: self._stage_weights(request), self._observe)

    async def Health(
        self, request: inference_pb2.InferenceHealthRequest, context: grpc.aio.ServicerContext
    ) -> inference_pb2.InferenceHealthResponse:
        info = self._backend.info()
        status = executor_pb2.SERVING_STATUS_SERVING if self._serving else executor_pb2.SERVING_STATUS_NOT_SERVING
        return inference_pb2.InferenceHealthResponse(
            status=status,
            model=self._model_name,
            backend=info.name,
            policy_version=self._version,
            max_context_tokens=info.max_context_tokens,
            device=info.device,
        )

    async def load_published(self, policy_file: Path) -> None:
        """At start, before serving: the policy the coordinator published (see PublishedPolicy in the
        coordinator), so a replica that (re)starts mid-run serves the run's current weights. Without a
        file (a fresh run) or with one that cannot be loaded it serves the model's own weights as
        version 0, and the coordinator, which refuses completions of another version, loads the
        current ones."""
        try:
            published = json.loads(policy_file.read_text())
            directory, version = str(published["directory"]), int(published["policyVersion"])
        except FileNotFoundError:
            log.info("no published policy at %s yet: serving the model's own weights (version 0)", policy_file)
            return
        except (ValueError, KeyError, TypeError) as error:
            log.warning("%s is not a published policy (%s): serving the model's own weights (version 0)", policy_file, error)
            return
        if version == 0:
            return
        try:
            await self._load_weights(inference_pb2.LoadWeightsRequest(directory=directory, policy_version=version))
        except RequestError as error:
            log.warning("could not load the published policy %d from %s: %s", version, directory, error.message)

    async def _generate(self, request: inference_pb2.GenerateRequest) -> inference_pb2.GenerateResponse:
        prompts, settings = parse_prompts(request), parse_sampling(request)
        async with self._gate.generating():
            version = self._version
            if request.HasField("policy_version") and request.policy_version != version:
                raise RequestError(
                    grpc.StatusCode.FAILED_PRECONDITION,
                    f"policy_version: this replica serves policy version {version}, the request expects "
                    f"{request.policy_version}; load those weights first (LoadWeights)",
                )
            try:
                outputs = await self._backend.generate(prompts, settings)
            except InvalidPrompt as error:
                raise invalid(str(error)) from error
        self._count(outputs)
        return to_proto(outputs, version)

    async def _stage_weights(self, request: inference_pb2.StageWeightsRequest) -> inference_pb2.StageWeightsResponse:
        # No gate: the staged copy is apart from the served weights, generation goes on.
        start = time.perf_counter()
        with weights_errors(request.directory):
            tensors = await self._backend.stage_weights(Path(request.directory))
        log.info("staged %d tensors from %s", tensors, request.directory)
        return inference_pb2.StageWeightsResponse(seconds=time.perf_counter() - start, tensors=tensors)

    async def _load_weights(self, request: inference_pb2.LoadWeightsRequest) -> inference_pb2.LoadWeightsResponse:
        start = time.perf_counter()
        with weights_errors(request.directory):
            async with self._gate.loading():
                tensors = await self._backend.load_weights(Path(request.directory))
                self._version = request.policy_version or self._version + 1
        self._metrics.policy_version.set(self._version)
        self._metrics.weight_loads.inc()
        log.info("loaded %d tensors from %s: policy version %d", tensors, request.directory, self._version)
        return inference_pb2.LoadWeightsResponse(
            policy_version=self._version, seconds=time.perf_counter() - start, tensors=tensors
        )

    def _count(self, outputs: list[PromptOutput]) -> None:
        samples = [s for out in outputs for s in out.samples]
        self._metrics.samples.inc(len(samples))
        self._metrics.tokens.labels("prompt").inc(sum(len(o.prompt_token_ids) * len(o.samples) for o in outputs))
        self._metrics.tokens.labels("completion").inc(sum(len(s.token_ids) for s in samples))
