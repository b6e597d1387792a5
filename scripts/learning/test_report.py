"""The learning experiment's report on a made-up experiment folder: the table's means and spreads,
and a PNG plot of every method's steps."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPORT = Path(__file__).with_name("report.py")


def eval_report(first: float, third: float, runs: int = 1) -> dict:
    """Each run's pass@1 is `mean` - 0.05, `mean` + 0.05, ... (one run: `mean`)."""
    settings = {"iterations": [1, 3], "runs": runs, "temperature": 0.6}
    spread = [0.0] if runs == 1 else [(-0.05, 0.05)[r % 2] for r in range(runs)]
    results = [{"iterations": i, "mean": m, "runs": [m + d for d in spread], "problems": 32} for i, m in ((1, first), (3, third))]
    return {"settings": settings, "results": results}


def make_experiment(out: Path) -> None:
    reports = {"base": (0.1, 0.25), "grpo-s1": (0.2, 0.4), "grpo-s2": (0.3, 0.5), "murphy-mars-s1": (0.25, 0.45), "murphy-mars-s2": (0.25, 0.55)}
    for label, (first, third) in reports.items():
        (out / "eval" / label).mkdir(parents=True)
        report = eval_report(first, third, runs=2 if label == "base" else 1)
        (out / "eval" / label / "report.json").write_text(json.dumps(report))
    for run, turns in (("grpo-s1", 1), ("grpo-s2", 1), ("murphy-mars-s1", 2), ("murphy-mars-s2", 2)):
        (out / "runs" / run).mkdir(parents=True)
        steps = [{"step": s, "passRates": [0.1 * s] * turns} for s in (1, 2, 3)]
        (out / "runs" / run / "metrics.jsonl").write_text("".join(json.dumps(s) + "\n" for s in steps))


def test_writes_the_table_and_the_plot(tmp_path: Path) -> None:
    make_experiment(tmp_path)
    run = subprocess.run([sys.executable, str(REPORT), str(tmp_path), "--methods", "grpo murphy-mars", "--seeds", "1,2"],
                         capture_output=True, text=True, check=True)
    table = (tmp_path / "report.md").read_text()
    assert table in run.stdout
    assert "| base model | - | 10.0 ± 7.1 | 25.0 ± 7.1 |" in table
    # mean ± sample standard deviation over the two seeds
    assert "| GRPO (turns 1, G = [12]) | 2 | 25.0 ± 7.1 | 45.0 ± 7.1 |" in table
    assert "| MURPHY, MARS (turns 2, G = [4, 2]) | 2 | 25.0 ± 0.0 | 50.0 ± 7.1 |" in table
    assert "32 problems of builtin:constants-heldout" in table
    assert "over 2 evaluation run(s)" in table and "over training seeds 1, 2" in table
    assert (tmp_path / "learning.png").read_bytes().startswith(b"\x89PNG")


def test_a_step_run_again_counts_once_with_its_last_line(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPORT.parent))
    from report import pass_rates

    lines = [{"step": 1, "passRates": [0.1]}, {"step": 2, "passRates": [0.2]}, {"step": 2, "passRates": [0.3]}, {"step": 3, "passRates": [0.4]}]
    metrics = tmp_path / "metrics.jsonl"
    metrics.write_text("".join(json.dumps(line) + "\n" for line in lines))
    assert pass_rates(metrics) == [[0.1], [0.3], [0.4]]
