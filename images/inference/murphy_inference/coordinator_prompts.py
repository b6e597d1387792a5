"""The coordinator's prompts, in Python: its default templates (src/algorithm/templates.ts) and
buildPrompt (src/algorithm/prompts.ts), so that the built-in coder is pretrained on exactly the
conversations murphy sends it. test/datasets/constants-family.test.ts compares them with the TypeScript
originals. Every failing test is shown, as the coordinator shows them; the coordinator's length budget
(src/algorithm/feedback-budget.ts) cuts only feedback far longer than the constants family's, so it
is not repeated here. Evaluation's self-reflection block is not either: training never writes one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SYSTEM = "\n".join(
    [
        "You are an expert Python programmer. Solve the task in two parts.",
        "1. Reasoning: inside <think>...</think>, work out the requirements, edge cases and an algorithm,",
        "   and check it against the examples.",
        "2. Implementation: inside <output>...</output>, give the complete Python program in a ```python block,",
        "   keeping the function names and signatures the task asks for.",
    ]
)
HEADER = "You have tried this task {{attempts}} time(s) before. Here is how each attempt did."
ATTEMPT = "\n".join(
    [
        "## Attempt {{number}}",
        "What you wrote, your reasoning and your program:",
        "{{completion}}",
        "",
        "Passed: {{passed}}/{{total}} tests",
        "Failed: {{failed}}/{{total}} tests",
        "{{failures}}",
    ]
)
FAILURE = "{{test}}  # {{actual}}"
FOOTER = "\n".join(
    [
        'Each failing test is shown with what your program produced after the "#".',
        "Find what went wrong in the failing tests, keep what already works, and write a corrected",
        "program. Use what you learned from your {{attempts}} earlier attempt(s).",
    ]
)


@dataclass(frozen=True)
class Attempt:
    completion: str  # everything the model wrote in that attempt
    code: str  # the program extracted from it
    passed: int
    total: int
    failures: tuple[tuple[str, str], ...]  # (test, actual) of each failing test the feedback reports


def fill(template: str, values: dict[str, object]) -> str:
    return re.sub(r"\{\{\s*([a-zA-Z]+)\s*\}\}", lambda m: str(values.get(m.group(1), m.group(0))), template)


def _attempt(attempt: Attempt, index: int) -> str:
    shown = [fill(FAILURE, {"test": t, "actual": a}) for t, a in attempt.failures]
    values = {"number": index + 1, "completion": attempt.completion, "code": attempt.code, "passed": attempt.passed, "total": attempt.total}
    return fill(ATTEMPT, {**values, "failed": attempt.total - attempt.passed, "failures": "\n".join(shown)})


def build_prompt(question: str, history: list[Attempt]) -> list[dict[str, str]]:
    """The chat messages of a turn: the task, then every earlier attempt with its feedback."""
    parts = [question]
    if history:
        parts.append(fill(HEADER, {"attempts": len(history)}))
        parts.extend(_attempt(attempt, i) for i, attempt in enumerate(history))
        parts.append(fill(FOOTER, {"attempts": len(history)}))
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "\n\n".join(parts)}]
