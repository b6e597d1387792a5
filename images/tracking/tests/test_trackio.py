"""trackio: its local store in the run directory, read back with trackio's own storage."""

from __future__ import annotations

from conftest import follow_twice


def test_local_store_holds_every_step_once_and_the_spec(make_run_dir):
    run = make_run_dir({"trackio": {"project": "murphy-tests"}})
    follow_twice(run, (1, 2), (3,))

    from trackio.sqlite_storage import SQLiteStorage

    assert SQLiteStorage.get_runs("murphy-tests") == ["tracked"]
    logs = SQLiteStorage.get_logs("murphy-tests", "tracked")
    assert [row["step"] for row in logs] == [1, 2, 3]
    assert [row["train/loss"] for row in logs] == [0.01, 0.02, 0.03]
    assert SQLiteStorage.get_run_config("murphy-tests", "tracked")["training"]["learningRate"] == 0.0001
    assert (run.path / "tracking" / "trackio" / "murphy-tests.db").exists()
