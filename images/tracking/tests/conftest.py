"""A run directory as the coordinator leaves it, and a real MLflow tracking server (sqlite, loopback)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

SERVER_START_SECONDS = 120


def step_record(step: int, checkpoint: bool = False) -> dict:
    """A metrics.jsonl record with the fields the coordinator writes (src/coordinator/step/step-records.ts)."""
    return {
        "time": f"2026-01-01T00:00:{step:02d}.000Z",
        "step": step,
        "totalSteps": 6,
        "policyVersion": step,
        "sampledBy": step - 1,
        "policyLag": {"0": 8},
        "passRates": [0.1 * step, 0.2 * step],
        "meanRewards": [0.15 * step, 0.25 * step],
        "completions": [8, 6],
        "nodes": {"generated": 14, "kept": 8, "pruned": 6},
        "credit": {"mean": 0.5, "std": 0.1, "min": 0.0, "max": 1.0},
        "advantage": {"mean": 0.0, "std": 0.9, "min": -1.2, "max": 1.3},
        "samples": 8,
        "rollouts": 14,
        "dropped": {"generate": 0, "execute": 0, "stale": 0},
        "executionTimeouts": 0,
        "staleCompletions": 0,
        "errors": [],
        "rolloutsPerSecond": 3.5,
        "seconds": {"rollout": 4.0, "score": 0.01, "train": 2.0, "sync": 0.1, "checkpoint": 0.0, "step": 6.2,
                    "idle": {"inference": 1.0, "trainer": 4.0}, "generateCalls": 10.0, "executeCalls": 1.0},
        "train": {"loss": 0.01 * step, "kl": 0.001 * step, "clipFraction": 0.0, "gradNorm": 0.5, "tokens": 1000,
                  "samples": 8, "seconds": 2.0, "learningRate": 1e-4},
        "checkpoint": {"path": f"/c/checkpoint-{step}", "version": step} if checkpoint else None,
    }


class RunDir:
    def __init__(self, path: Path, tracking: dict):
        self.path = path
        self.run = {"apiVersion": "murphy.dev/v1alpha1", "kind": "MurphyRun", "metadata": {"name": "tracked"},
                    "spec": {"model": {"name": "murphy-tiny", "source": "builtin:tiny"}, "dataset": {"source": "builtin:mini"},
                             "training": {"learningRate": 1e-4, "maxSteps": 6}, "tracking": tracking}}
        (path / "run.yaml").write_text(yaml.safe_dump(self.run))

    def append_steps(self, *steps: int) -> None:
        with open(self.path / "metrics.jsonl", "a") as f:
            for step in steps:
                f.write(json.dumps(step_record(step, checkpoint=step % 2 == 0)) + "\n")

    def write_evaluation(self, label: str, mean: float) -> None:
        folder = self.path / "eval" / label
        folder.mkdir(parents=True, exist_ok=True)
        report = {"kind": "murphy-eval-report", "version": 1, "label": label, "model": "m", "startedAt": "2026-01-01T00:01:00.000Z",
                  "results": [{"dataset": "builtin:constants-heldout", "iterations": 1, "problems": 4, "runs": [mean], "mean": mean, "std": 0.0}]}
        (folder / "report.json").write_text(json.dumps(report))


@pytest.fixture
def make_run_dir(tmp_path):
    def make(tracking: dict) -> RunDir:
        (tmp_path / "run").mkdir()
        return RunDir(tmp_path / "run", tracking)

    return make


class Clock:
    """The follower's clock, moved by the test: retries become due without waiting for them."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def follower_of(run: RunDir, clock=None):
    from murphy_tracking.__main__ import trackers_of
    from murphy_tracking.follower import Follower

    return Follower(run.path, run.run["spec"], trackers_of(run.run, run.path), **({"clock": clock} if clock else {}))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MlflowServer:
    """`mlflow server` on loopback with a sqlite store; stop() and start() again keep the store and port."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = _free_port()
        self.uri = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {**os.environ, "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false"}
        log = open(self.folder / "mlflow-server.log", "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mlflow", "server", "--backend-store-uri", f"sqlite:///{self.folder}/mlflow.db",
             "--default-artifact-root", str(self.folder / "artifacts"), "--host", "127.0.0.1", "--port", str(self.port), "--workers", "1"],
            stdout=log, stderr=log, env=env, start_new_session=True,
        )
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"mlflow server exited with {self.process.returncode}; see {self.folder}/mlflow-server.log")
            try:
                with urllib.request.urlopen(f"{self.uri}/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError(f"mlflow server not serving {self.uri} after {SERVER_START_SECONDS} s")

    def stop(self) -> None:
        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None


@pytest.fixture(scope="module")
def mlflow_server(tmp_path_factory):
    server = MlflowServer(tmp_path_factory.mktemp("mlflow"))
    server.start()
    yield server
    server.stop()


def follow_twice(run: RunDir, first: tuple[int, ...], then: tuple[int, ...], final_evaluation: float | None = None) -> None:
    """Two follower processes' worth: `first` steps, a restart, then `then` (and the final evaluation)."""
    run.append_steps(*first)
    follower = follower_of(run)
    follower.poll()
    follower.close(finished=False)
    run.append_steps(*then)
    if final_evaluation is not None:
        run.write_evaluation("final", final_evaluation)
    follower = follower_of(run)
    follower.poll()
    follower.close(finished=True)
