"""Benchmark of the trainer and the weight-sync path on the tiny model (CPU), printed as one-run ratios:

- Train tokens/s through gRPC (a `python -m murphy_trainer` process) against the same step called in
  process on a TrainingEngine, alternating the two so that machine load hits both alike;
- ExportWeights + LoadWeights (a `python -m murphy_inference` process) in seconds per million parameters.
"""

from __future__ import annotations

import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from murphy_inference import processes, tiny_model
from murphy_inference.gen.murphy.v1 import inference_pb2 as ipb
from murphy_inference.gen.murphy.v1.inference_pb2_grpc import InferenceStub
from murphy_trainer.engine import TrainingEngine
from murphy_trainer.gen.murphy.v1 import trainer_pb2 as tpb
from murphy_trainer.gen.murphy.v1.trainer_pb2_grpc import TrainerStub
from murphy_trainer.samples import TrainSample
from murphy_trainer.service import train_request
from murphy_trainer.settings import TrainSettings
from transformers.utils import logging as transformers_logging

ROUNDS, WARMUP, SAMPLES, PROMPT, COMPLETION = 12, 2, 32, 48, 96


def batch(seed: int) -> list[TrainSample]:
    rng = random.Random(seed)
    return [
        TrainSample(
            [rng.randrange(3, 600) for _ in range(PROMPT)],
            [rng.randrange(3, 600) for _ in range(COMPLETION)],
            rng.uniform(-1, 1),
            [-6.4] * COMPLETION,
        )
        for _ in range(SAMPLES)
    ]


def train_overhead(model_dir: Path, workdir: Path) -> None:
    settings = TrainSettings(learning_rate=1e-5, checkpoint_interval=0, micro_batch_size=SAMPLES)
    engine = TrainingEngine(model_dir, settings, workdir / "in-process")
    server = processes.start_trainer(model_dir, workdir / "grpc", "--micro-batch-size", str(SAMPLES))
    try:
        stub = TrainerStub(server.channel())
        local, remote, server_side = [], [], []
        for i in range(WARMUP + ROUNDS):
            samples = batch(i)
            start = time.perf_counter()
            engine.step(samples, WARMUP + ROUNDS)
            middle = time.perf_counter()
            response = stub.Train(train_request(samples, total_steps=WARMUP + ROUNDS))
            end = time.perf_counter()
            if i >= WARMUP:
                local.append(middle - start)
                remote.append(end - middle)
                server_side.append(response.seconds)
    finally:
        server.stop()
    tokens = SAMPLES * COMPLETION
    in_process, through_grpc = tokens / statistics.median(local), tokens / statistics.median(remote)
    print(
        f"trainer: {SAMPLES} samples x ({PROMPT} prompt + {COMPLETION} completion) tokens per step, "
        f"median of {ROUNDS} steps"
    )
    print(f"  in-process step      {in_process:9.0f} completion tokens/s ({statistics.median(local) * 1e3:.1f} ms)")
    print(
        f"  gRPC Train           {through_grpc:9.0f} completion tokens/s ({statistics.median(remote) * 1e3:.1f} ms; "
        f"the server's own step {statistics.median(server_side) * 1e3:.1f} ms)"
    )
    print(
        f"  ratio gRPC/in-process {through_grpc / in_process:.3f} "
        f"(overhead {100 * (1 - through_grpc / in_process):+.1f} %, target < 5 %)"
    )
    transport = statistics.median(r - s for r, s in zip(remote, server_side, strict=True))
    print(
        f"  gRPC cost beyond the server's step (conversion, queue, transport) {transport * 1e3:.1f} ms "
        f"= {100 * transport / statistics.median(remote):.1f} % of a call"
    )


def weight_sync(model_dir: Path, workdir: Path) -> None:
    trainer = processes.start_trainer(model_dir, workdir / "sync")
    inference = processes.start_inference(model_dir)
    try:
        trainer_stub, inference_stub = TrainerStub(trainer.channel()), InferenceStub(inference.channel())
        seconds = []
        for i in range(WARMUP + ROUNDS):
            start = time.perf_counter()
            exported = trainer_stub.ExportWeights(tpb.ExportWeightsRequest())
            inference_stub.LoadWeights(ipb.LoadWeightsRequest(directory=exported.directory))
            if i >= WARMUP:
                seconds.append(time.perf_counter() - start)
    finally:
        trainer.stop()
        inference.stop()
    from transformers import AutoConfig, AutoModelForCausalLM

    parameters = AutoModelForCausalLM.from_config(AutoConfig.from_pretrained(model_dir)).num_parameters()
    median = statistics.median(seconds)
    print(
        f"weight sync: ExportWeights + LoadWeights of {parameters / 1e6:.3f} M parameters "
        f"({exported.bytes / 1e6:.1f} MB), median of {ROUNDS}"
    )
    print(f"  {median * 1e3:.1f} ms per sync = {median / (parameters / 1e6):.3f} s per million parameters")


def main() -> int:
    transformers_logging.disable_progress_bar()
    model_dir = tiny_model.ensure()
    workdir = Path(tempfile.mkdtemp(prefix="murphy-bench-"))
    try:
        train_overhead(model_dir, workdir)
        weight_sync(model_dir, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
