"""The learning experiment's report (scripts/learning/experiment.sh): a Markdown table of held-out
pass@1 per method (mean ± spread over the training seeds) and a PNG plot of the training pass rate
per step per method, beside held-out pass@1 per method.

    python scripts/learning/report.py DIR --methods "grpo murphy-mars" --seeds 1,2,3

Reads DIR/eval/<label>/report.json (labels: base, <method>-s<seed>) and
DIR/runs/<method>-s<seed>/metrics.jsonl; writes DIR/report.md and DIR/learning.png and prints the table.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402

SHORT_NAMES = {"base": "base model", "grpo": "GRPO", "murphy-mars": "MURPHY, MARS", "murphy-mers": "MURPHY, MERS"}
NAMES = {"base": "base model", "grpo": "GRPO (turns 1, G = [12])", "murphy-mars": "MURPHY, MARS (turns 2, G = [4, 2])", "murphy-mers": "MURPHY, MERS (turns 2, G = [4, 2])"}


def pass_at(report: dict, iterations: int) -> float:
    return next(r["mean"] for r in report["results"] if r["iterations"] == iterations)


def spread(values: list[float]) -> str:
    """mean ± sample standard deviation, in percent (± 0 for one value)."""
    mean = statistics.fmean(values)
    std = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{100 * mean:.1f} ± {100 * std:.1f}"


def table(out: Path, methods: list[str], seeds: list[str]) -> str:
    base = json.loads((out / "eval" / "base" / "report.json").read_text())
    iterations = base["settings"]["iterations"]
    header = "| method | seeds | " + " | ".join(f"pass@1, iteration {i}" for i in iterations) + " |"
    lines = [header, "|" + " --- |" * (2 + len(iterations))]
    base_runs = {r["iterations"]: r.get("runs", [r["mean"]]) for r in base["results"]}
    lines.append(f"| {NAMES['base']} | - | " + " | ".join(spread(base_runs[i]) for i in iterations) + " |")
    for method in methods:
        reports = [json.loads((out / "eval" / f"{method}-s{seed}" / "report.json").read_text()) for seed in seeds]
        cells = [spread([pass_at(r, i) for r in reports]) for i in iterations]
        lines.append(f"| {NAMES.get(method, method)} | {len(seeds)} | " + " | ".join(cells) + " |")
    problems = base["results"][0]["problems"]
    note = (f"Held-out pass@1 in percent on {problems} problems of builtin:constants-heldout at temperature {base['settings']['temperature']}: "
            f"the base model as mean ± standard deviation over {base['settings']['runs']} evaluation run(s), each trained method as "
            f"mean ± standard deviation over training seeds {', '.join(seeds)} (one evaluation run each).")
    return "\n".join(lines) + "\n\n" + note + "\n"


def pass_rates(metrics: Path) -> list[list[float]]:
    """Per step, the training pass rate at each turn (a step run again after a restart: its last line)."""
    by_step = {}
    for line in metrics.read_text().splitlines():
        if line.strip():
            record = json.loads(line)
            by_step[record["step"]] = record["passRates"]
    return [by_step[step] for step in sorted(by_step)]


def held_out(out: Path, label: str, iterations: int) -> float:
    return pass_at(json.loads((out / "eval" / label / "report.json").read_text()), iterations)


def plot(out: Path, methods: list[str], seeds: list[str]) -> Path:
    """Left: the training pass rate per step (mean over seeds). Right: held-out pass@1 per method."""
    figure, (steps_axes, held_axes) = plt.subplots(1, 2, figsize=(11, 4), dpi=120, gridspec_kw={"width_ratios": [3, 2]})
    top = 0.0
    for method in methods:
        runs = [pass_rates(out / "runs" / f"{method}-s{seed}" / "metrics.jsonl") for seed in seeds]
        steps = min(len(r) for r in runs)
        first = [statistics.fmean(r[s][0] for r in runs) for s in range(steps)]
        line = steps_axes.plot(range(1, steps + 1), first, marker="o", label=f"{NAMES.get(method, method)}: turn 1")[0]
        top = max(top, *first)
        if all(len(r[s]) > 1 for r in runs for s in range(steps)):
            last = [statistics.fmean(r[s][-1] for r in runs) for s in range(steps)]
            steps_axes.plot(range(1, steps + 1), last, linestyle="--", color=line.get_color(), label=f"{NAMES.get(method, method)}: turn 2")
            top = max(top, *last)
    steps_axes.set_xlabel("training step")
    steps_axes.set_ylabel(f"training pass rate (mean of {len(seeds)} seeds)")
    steps_axes.set_ylim(0, max(0.1, 1.4 * top))
    steps_axes.grid(alpha=0.3)
    steps_axes.legend(fontsize=7)

    base = json.loads((out / "eval" / "base" / "report.json").read_text())
    iterations = base["settings"]["iterations"]
    labels = ["base", *methods]
    width = 0.8 / len(iterations)
    for k, i in enumerate(iterations):
        base_runs = next(r.get("runs", [r["mean"]]) for r in base["results"] if r["iterations"] == i)
        values = [base_runs] + [[held_out(out, f"{m}-s{seed}", i) for seed in seeds] for m in methods]
        means = [100 * statistics.fmean(v) for v in values]
        errors = [100 * statistics.stdev(v) if len(v) > 1 else 0.0 for v in values]
        positions = [x + (k - (len(iterations) - 1) / 2) * width for x in range(len(labels))]
        held_axes.bar(positions, means, width, yerr=errors, capsize=3, label=f"iteration {i}")
    held_axes.set_xticks(range(len(labels)), [SHORT_NAMES.get(label, label) for label in labels], fontsize=8)
    held_axes.set_ylabel("held-out pass@1 (%)")
    held_axes.grid(alpha=0.3, axis="y")
    held_axes.legend(fontsize=7)
    figure.tight_layout()
    path = out / "learning.png"
    figure.savefig(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--methods", required=True, help="space-separated method names")
    parser.add_argument("--seeds", required=True, help="comma-separated training seeds")
    args = parser.parse_args()
    methods, seeds = args.methods.split(), args.seeds.split(",")
    text = table(args.out, methods, seeds)
    (args.out / "report.md").write_text(text)
    print(text + f"plot: {plot(args.out, methods, seeds)}")


if __name__ == "__main__":
    main()
