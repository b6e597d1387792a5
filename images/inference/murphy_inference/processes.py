"""Starting murphy's Python services as real processes (tests and benchmarks): wait for the line that
announces their ports, stop them by process id."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import grpc

READY = re.compile(r"serving gRPC on [^:]+:(\d+), metrics on :(\d+)")


@dataclass
class RunningService:
    process: subprocess.Popen[str]
    port: int
    metrics_port: int
    log: list[str] = field(default_factory=list)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def channel(self) -> grpc.Channel:
        return grpc.insecure_channel(
            self.address,
            options=[("grpc.max_receive_message_length", 256 << 20), ("grpc.max_send_message_length", 256 << 20)],
        )

    def stop(self, timeout: float = 60.0) -> int:
        """SIGTERM (a graceful drain), then SIGKILL if it is still there after `timeout`."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                return self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        return self.process.wait()

    def output(self) -> str:
        return "".join(self.log)


def start(
    argv: list[str], env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 300.0
) -> RunningService:
    """Runs argv (e.g. [sys.executable, "-m", "murphy_inference", ...]) in a new process group and waits
    until it prints its ports. Raises RuntimeError with the process's output if it exits first."""
    process = subprocess.Popen(
        argv,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        start_new_session=True,
    )
    log: list[str] = []
    ports: list[tuple[int, int]] = []
    ready = threading.Event()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            log.append(line)
            if not ports and (match := READY.search(line)):
                ports.append((int(match.group(1)), int(match.group(2))))
                ready.set()
        ready.set()

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + timeout
    while not ready.wait(0.2) and time.monotonic() < deadline:
        pass
    if not ports:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        raise RuntimeError(f"{' '.join(argv)} did not start:\n{''.join(log)}")
    return RunningService(process, ports[0][0], ports[0][1], log)


def python_module(module: str, *args: str) -> list[str]:
    return [sys.executable, "-m", module, *args]


LOCAL_PORTS = ("--port", "0", "--metrics-port", "0", "--host", "127.0.0.1")


def start_inference(model_dir: Path, *flags: str, timeout: float = 300.0) -> RunningService:
    """`python -m murphy_inference` on free local ports (hf backend unless flags say otherwise)."""
    return start(python_module("murphy_inference", "--model", str(model_dir), *LOCAL_PORTS, *flags), timeout=timeout)


def start_trainer(
    model_dir: Path, checkpoint_dir: Path, *flags: str, launcher: list[str] | None = None
) -> RunningService:
    """`python -m murphy_trainer` on free local ports; `launcher` replaces `python` (e.g. torchrun)."""
    argv = [*(launcher or [sys.executable]), "-m", "murphy_trainer", "--model", str(model_dir)]
    return start([*argv, "--checkpoint-dir", str(checkpoint_dir), *LOCAL_PORTS, *flags])
