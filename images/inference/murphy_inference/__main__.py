"""python -m murphy_inference --backend hf|vllm --model DIR --port 50052 --metrics-port 9465 [--policy-file FILE]
[-- ENGINE ARGS]"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from murphy_inference import model_source
from murphy_inference.server import Options, make_backend, serve


def parse(argv: list[str]) -> Options:
    parser = argparse.ArgumentParser(prog="murphy-inference", description="murphy's inference service (gRPC)")
    parser.add_argument("--backend", choices=["hf", "vllm"], default="hf")
    parser.add_argument("--model", required=True, help='a model directory or "builtin:tiny"')
    parser.add_argument("--port", type=int, default=50052, help="gRPC port (0 picks a free one)")
    parser.add_argument("--metrics-port", type=int, default=9465, help="/metrics and /healthz (0 picks a free one)")
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--device", default="auto", help="hf backend: auto, cpu, cuda, cuda:1, ...")
    parser.add_argument("--max-batch-rows", type=int, default=64, help="hf backend: samples decoded together")
    parser.add_argument(
        "--policy-file",
        type=Path,
        help="the coordinator's published policy (STATE_DIR/policy.json): loaded before serving when it exists",
    )
    parser.add_argument(
        "engine_args", nargs="*", help="vllm backend: engine flags after --, e.g. -- --max-model-len 8192"
    )
    args = parser.parse_args(argv)
    return Options(
        backend=args.backend,
        model=args.model,
        port=args.port,
        metrics_port=args.metrics_port,
        host=args.host,
        device=args.device,
        max_batch_rows=args.max_batch_rows,
        engine_args=list(args.engine_args),
        policy_file=args.policy_file,
    )


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    options = parse(sys.argv[1:] if argv is None else argv)
    try:
        backend = make_backend(options, model_source.resolve(options.model))
    except ValueError as error:  # bad flags or model: one line, no stack trace
        print(f"murphy-inference: {error}", file=sys.stderr)
        return 2
    asyncio.run(serve(options, backend))
    return 0


if __name__ == "__main__":
    sys.exit(main())
