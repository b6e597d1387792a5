"""TensorBoard: the event files, read back with TensorBoard's own reader."""

from __future__ import annotations

from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

from conftest import follow_twice


def test_event_files_hold_every_step_once(make_run_dir):
    run = make_run_dir({"tensorboard": {}})
    run.write_evaluation("base", 0.25)
    # A restarted follower writes a new event file and continues after its cursor.
    follow_twice(run, (1, 2, 3), (4,))

    events = EventAccumulator(str(run.path / "tracking" / "tensorboard"), size_guidance={"scalars": 0, "tensors": 0})
    events.Reload()
    loss = events.Scalars("train/loss")
    assert [e.step for e in loss] == [1, 2, 3, 4]
    assert [round(e.value, 6) for e in loss] == [0.01, 0.02, 0.03, 0.04]
    assert [e.step for e in events.Scalars("passRates/turn2")] == [1, 2, 3, 4]
    assert [(e.step, e.value) for e in events.Scalars("eval/builtin_constants-heldout/passAt1/iterations1")] == [(0, 0.25)]
    (spec,) = events.Tensors("spec/text_summary")
    assert b"learningRate: 0.0001" in spec.tensor_proto.string_val[0]
