"""MLflow: a real tracking server; every step logged once across a follower restart and a server
outage, checked through MLflow's own client."""

from __future__ import annotations

import json
import subprocess
import sys

from mlflow.tracking import MlflowClient

from conftest import Clock, follower_of

EXPERIMENT = "murphy-tests"


def history_steps(client: MlflowClient, run_id: str, key: str) -> list[int]:
    return sorted(m.step for m in client.get_metric_history(run_id, key))


def test_every_step_once_through_a_restart_and_an_outage(mlflow_server, make_run_dir, capsys):
    run = make_run_dir({"mlflow": {"trackingUri": mlflow_server.uri, "experimentName": EXPERIMENT}})
    clock = Clock()
    run.write_evaluation("base", 0.25)
    run.append_steps(1, 2)
    follower = follower_of(run, clock)
    follower.poll()
    cursor = json.loads((run.path / "tracking" / "mlflow.json").read_text())
    assert cursor["step"] == 2

    # A restarted follower whose cursor fell behind what the server holds (a crash right after a
    # batch reached the server): the server's own last step decides, nothing is logged twice.
    (run.path / "tracking" / "mlflow.json").write_text(json.dumps({**cursor, "step": 1}))
    run.append_steps(3)
    follower = follower_of(run, clock)
    follower.poll()

    mlflow_server.stop()
    run.append_steps(4, 5)
    follower.poll()
    assert "mlflow: cannot log" in capsys.readouterr().err
    status = json.loads((run.path / "tracking" / "status.json").read_text())
    assert status["mlflow"]["ok"] is False and status["mlflow"]["step"] == 3

    mlflow_server.start()
    clock.now += 3600  # the retry is due
    run.write_evaluation("final", 0.5)
    follower.poll()
    assert "mlflow: back; it is up to date with step 5" in capsys.readouterr().err
    follower.close(finished=True)

    client = MlflowClient(mlflow_server.uri)
    experiment = client.get_experiment_by_name(EXPERIMENT)
    runs = client.search_runs([experiment.experiment_id])
    assert len(runs) == 1
    run_id = runs[0].info.run_id
    assert runs[0].info.status == "FINISHED"
    for key in ("policyVersion", "train/loss", "train/kl", "train/gradNorm", "train/learningRate", "train/tokensPerSecond",
                "passRates/turn1", "passRates/turn2", "nodes/pruned", "advantage/std", "credit/mean", "policyLag/0",
                "seconds/rollout", "seconds/train", "seconds/sync", "seconds/generateCalls", "seconds/executeCalls"):
        assert history_steps(client, run_id, key) == [1, 2, 3, 4, 5], key
    losses = {m.step: m.value for m in client.get_metric_history(run_id, "train/loss")}
    assert losses[4] == 0.04
    assert history_steps(client, run_id, "checkpoint/version") == [2, 4]
    passes = {m.step: m.value for m in client.get_metric_history(run_id, "eval/builtin_constants-heldout/passAt1/iterations1")}
    assert passes == {0: 0.25, 5: 0.5}
    params = client.get_run(run_id).data.params
    assert params["spec.training.learningRate"] == "0.0001"
    assert params["spec.model.source"] == "builtin:tiny"


def test_sync_imports_a_run_and_fails_while_the_tracker_is_unreachable(mlflow_server, make_run_dir):
    run = make_run_dir({"mlflow": {"trackingUri": "http://127.0.0.1:9", "experimentName": "murphy-import"}})
    run.append_steps(1, 2, 3)
    command = [sys.executable, "-m", "murphy_tracking", "sync", str(run.path)]
    unreachable = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert unreachable.returncode == 1
    assert "mlflow: cannot log" in unreachable.stderr

    # The same run, pointed at a server that is there (as after editing run.yaml's trackingUri).
    run.run["spec"]["tracking"]["mlflow"]["trackingUri"] = mlflow_server.uri
    config = run.path / "import.yaml"
    config.write_text(json.dumps(run.run))
    imported = subprocess.run([*command, "--config", str(config)], capture_output=True, text=True, timeout=120)
    assert imported.returncode == 0, imported.stderr
    client = MlflowClient(mlflow_server.uri)
    (found,) = client.search_runs([client.get_experiment_by_name("murphy-import").experiment_id])
    assert history_steps(client, found.info.run_id, "train/loss") == [1, 2, 3]
