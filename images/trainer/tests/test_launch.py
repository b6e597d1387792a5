"""The trainer pod's launcher (murphy_trainer.launch, torchrun underneath): a SIGTERM to it alone, as
the kubelet sends to a pod's first process, lets the workers drain and save a checkpoint, and ends
the process with INTERRUPTED (the code the Job ignores) instead of torchrun's failure."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from murphy_inference import processes
from murphy_trainer import checkpoints as checkpoint_files
from murphy_trainer.gen.murphy.v1.trainer_pb2_grpc import TrainerStub
from murphy_trainer.launch import INTERRUPTED
from murphy_trainer.service import train_request
from trainer_fixtures import grouped_batch, write_run

LAUNCHER = [sys.executable, "-m", "murphy_trainer.launch", "--standalone", "--nproc-per-node", "1"]


def wait_for_exit(trainer: processes.RunningService, seconds: float) -> int | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if (code := trainer.process.poll()) is not None:
            return code
        time.sleep(0.2)
    return None


def test_sigterm_to_the_launcher_saves_a_checkpoint_and_exits_interrupted(tiny_model_dir: Path, tmp_path: Path) -> None:
    run = write_run(tmp_path / "run.yaml", learningRate=1e-3)
    checkpoints = tmp_path / "ckpt"
    trainer = processes.start_trainer(tiny_model_dir, checkpoints, "--config", str(run), launcher=LAUNCHER)
    try:
        stub = TrainerStub(trainer.channel())
        assert stub.Train(train_request(grouped_batch([2, 2], seed=3), total_steps=2)).policy_version == 1
        os.kill(trainer.process.pid, signal.SIGTERM)  # the launcher only, not its process group
        code = wait_for_exit(trainer, 120)
    finally:
        trainer.stop()
    assert code == INTERRUPTED, trainer.output()
    assert "stopped by signal SIGTERM after the workers drained" in trainer.output()
    assert "Traceback" not in trainer.output()
    # The drain saved the trained step: the next trainer resumes at policy version 1.
    assert checkpoint_files.latest(checkpoints) == checkpoint_files.path_for(checkpoints, 1), sorted(checkpoints.iterdir())


def test_a_worker_that_fails_still_fails_the_launcher(tiny_model_dir: Path, tmp_path: Path) -> None:
    # A model folder without weights: the worker exits 2, torchrun reports the child's failure.
    broken = tmp_path / "no-model"
    broken.mkdir()
    code = subprocess.run(
        [*LAUNCHER, "-m", "murphy_trainer", "--model", str(broken), "--checkpoint-dir", str(tmp_path / "c")],
        capture_output=True,
        text=True,
        timeout=300,
    ).returncode
    assert code not in (0, INTERRUPTED)
