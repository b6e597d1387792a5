"""Weights & Biases in offline mode: its run files, read back with wandb's own reader."""

from __future__ import annotations

import json

from wandb.proto import wandb_internal_pb2
from wandb.sdk.internal import datastore

from conftest import follow_twice


def key_of(item) -> str:
    return item.key or "/".join(item.nested_key)


def records(path):
    store = datastore.DataStore()
    store.open_for_scan(str(path))
    while (data := store.scan_data()) is not None:
        record = wandb_internal_pb2.Record()
        record.ParseFromString(data)
        yield record


def test_offline_run_files_hold_every_step_and_the_spec(make_run_dir):
    run = make_run_dir({"wandb": {"project": "murphy-tests", "mode": "offline"}})
    follow_twice(run, (1, 2), (3,), final_evaluation=0.5)

    run_id = json.loads((run.path / "tracking" / "wandb.json").read_text())["run_id"]
    files = sorted((run.path / "tracking" / "wandb").glob(f"offline-run-*-{run_id}-from-step-*/run-{run_id}.wandb"))
    assert len(files) == 2  # one per follower, the same W&B run id
    history: dict[int, dict] = {}
    config = {}
    for path in files:
        for record in records(path):
            kind = record.WhichOneof("record_type")
            if kind == "history":
                row = {key_of(item): json.loads(item.value_json) for item in record.history.item}
                history.setdefault(row["_step"], {}).update(row)
            elif kind == "run":  # the run's header record carries its config
                config.update({key_of(item): json.loads(item.value_json) for item in record.run.config.update})
    assert sorted(history) == [1, 2, 3]
    assert [history[s]["train/loss"] for s in (1, 2, 3)] == [0.01, 0.02, 0.03]
    assert history[3]["eval/builtin_constants-heldout/passAt1/iterations1"] == 0.5
    assert config["training"]["learningRate"] == 0.0001
