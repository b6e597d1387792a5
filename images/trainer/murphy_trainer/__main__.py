"""torchrun --nproc-per-node N -m murphy_trainer --model DIR --config RUN.yaml --port 50053
--metrics-port 9466 --checkpoint-dir DIR (one process works too: python -m murphy_trainer ...)"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import signal
import sys
from pathlib import Path

from murphy_inference import model_source

from murphy_trainer.commands import BroadcastChannel, LocalChannel, follow
from murphy_trainer.engine import TrainingEngine
from murphy_trainer.server import Endpoints, serve
from murphy_trainer.settings import TrainSettings, read_run


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="murphy-trainer", description="murphy's trainer service (gRPC, rank 0)")
    parser.add_argument("--model", required=True, help='the policy to train: a model directory or "builtin:tiny"')
    parser.add_argument("--config", type=Path, help="the MurphyRun YAML (spec.training); defaults without it")
    parser.add_argument("--port", type=int, default=50053, help="gRPC port (0 picks a free one)")
    parser.add_argument("--metrics-port", type=int, default=9466, help="/metrics and /healthz (0 picks a free one)")
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--checkpoint-dir", type=Path, required=True, help="checkpoints and exports; resumes from here")
    parser.add_argument(
        "--micro-batch-size",
        type=int,
        default=TrainSettings.micro_batch_size,
        help="samples per forward/backward on one rank",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    args = parse(sys.argv[1:] if argv is None else argv)
    try:
        model_dir = model_source.resolve(args.model)
        settings = read_run(args.config) if args.config else TrainSettings()
    except (ValueError, OSError) as error:  # bad flags, model or config: one line, no stack trace
        print(f"murphy-trainer: {error}", file=sys.stderr)
        return 2
    settings = dataclasses.replace(settings, micro_batch_size=max(1, args.micro_batch_size))
    try:
        engine = TrainingEngine(model_dir, settings, args.checkpoint_dir)
    except ValueError as error:  # a layout the trainer cannot set up here (e.g. sharding outside torchrun)
        print(f"murphy-trainer: {error}", file=sys.stderr)
        return 2
    if engine.resumed_from is not None:
        logging.getLogger("murphy_trainer").info("resumed from %s", engine.resumed_from)
    channel = BroadcastChannel() if engine.world_size > 1 else LocalChannel()
    if engine.rank != 0:
        # Rank 0 decides when to stop (after a final checkpoint); torchrun's signals must not cut that short.
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, signal.SIG_IGN)
        follow(engine, channel)
        return 0
    serve(engine, channel, Endpoints(args.model, args.port, args.metrics_port, args.host))
    return 0


if __name__ == "__main__":
    sys.exit(main())
