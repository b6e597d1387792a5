"""murphy-tracking follow RUN_DIR [--config FILE] [--eval-dir DIR] [--poll-seconds S]
murphy-tracking sync RUN_DIR [--config FILE] [--eval-dir DIR]

follow: keeps the trackers of the MurphyRun's spec.tracking up to date with RUN_DIR until SIGTERM
(then one last attempt for each). sync: one attempt for each tracker, for importing a run's
metrics.jsonl into a tracker that was unreachable; exits 1 when one is still not up to date."""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path

import yaml

from .follower import Follower, warn
from .tracker import Tracker


def trackers_of(run: dict, run_dir: Path) -> list[Tracker]:
    tracking = run["spec"].get("tracking") or {}
    name = run["metadata"]["name"]
    trackers: list[Tracker] = []
    # Each client library is imported only when its tracker is configured.
    if "mlflow" in tracking:
        from .mlflow_tracker import MlflowTracker

        trackers.append(MlflowTracker(tracking["mlflow"], name))
    if "tensorboard" in tracking:
        from .tensorboard_tracker import TensorboardTracker

        trackers.append(TensorboardTracker(run_dir / "tracking" / "tensorboard", run["spec"]))
    if "wandb" in tracking:
        from .wandb_tracker import WandbTracker

        trackers.append(WandbTracker(tracking["wandb"], name, run_dir / "tracking", run["spec"]))
    if "trackio" in tracking:
        from .trackio_tracker import TrackioTracker

        trackers.append(TrackioTracker(tracking["trackio"], name, run_dir / "tracking" / "trackio", run["spec"]))
    return trackers


def finished(run_dir: Path) -> bool:
    import json

    try:
        state = json.loads((run_dir / "state.json").read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return False
    return state.get("step", 0) >= state.get("totalSteps", 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="murphy-tracking", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["follow", "sync"])
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--config", type=Path, help="the MurphyRun (default: RUN_DIR/run.yaml)")
    parser.add_argument("--eval-dir", type=Path, help="where eval/<label>/report.json are (default: RUN_DIR/eval)")
    parser.add_argument("--poll-seconds", type=float, default=2.0)
    args = parser.parse_args(argv)
    run = yaml.safe_load((args.config or args.run_dir / "run.yaml").read_text())
    trackers = trackers_of(run, args.run_dir)
    if not trackers:
        warn("the MurphyRun has no spec.tracking: nothing to do")
        return 0
    follower = Follower(args.run_dir, run["spec"], trackers, eval_dir=args.eval_dir)
    if args.command == "sync":
        complete = follower.sync_now()
        follower.close(finished(args.run_dir))
        return 0 if complete else 1

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    while not stop.is_set():
        follower.poll()
        stop.wait(args.poll_seconds)
    follower.sync_now()  # the last steps and the final evaluation, written just before the stop
    follower.close(finished(args.run_dir))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
