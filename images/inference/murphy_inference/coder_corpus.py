"""The pretraining corpus of the built-in coder: conversations of the constants family
(constants_family.py) in the coordinator's prompt format, each with the completion to learn.

The corpus makes a coder with a skill and a gap:
- First attempts always write a valid program of the right shape, but guess the constant: uniformly
  from CORPUS_CONSTANTS, where the family's problems use only FAMILY_CONSTANTS (a prior to learn).
- Retries (one or two earlier attempts with their feedback) read the constant off the failing test
  only RETRY_READS_FEEDBACK of the time and guess again otherwise (a habit to strengthen); the first
  words of the thinking say which, so the choice is one a policy can learn.
- A retry's feedback covers the whole suite (what training shows, dataset.feedbackTests: all) or the
  visible test alone (what evaluation shows), half the conversations each, so that the coder knows
  the prompts of both.
So the base model solves part of the family on the first try, more with feedback, and both can improve.
Changing anything here changes the model: bump coder_model.CODER_MODEL_VERSION with it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from murphy_inference import constants_family as family
from murphy_inference.coordinator_prompts import Attempt, build_prompt

RETRY_READS_FEEDBACK = 0.35
FIRST_GUESS = "The number is not given, so I guess it."
KINDS = (("first", 0.35), ("retry", 0.5), ("second_retry", 0.15))
FEEDBACK_TESTS = ("all", "visible")


@dataclass(frozen=True)
class Example:
    messages: list[dict[str, str]]
    completion: str


def completion(thinking: str, code: str) -> str:
    return f"<think>{thinking}</think>\n<output>\n```python\n{code}\n```\n</output>"


def failed_attempt(op: family.Operation, function: str, k: int, guess: int, feedback_tests: str = "all") -> Attempt:
    """A program with the wrong constant and its feedback: over the problem's whole suite as training
    reports it ("all"; the visible test, which shows the constant, first), or over the visible test
    alone as evaluation does ("visible")."""
    reported = len(op.inputs) if feedback_tests == "all" else family.VISIBLE_TESTS
    suite = family.tests(op, function, k)[:reported]
    actuals = [family.expected(op, argument, guess) for argument in op.inputs[:reported]]
    failures = tuple((test, actual) for test, actual in zip(suite, actuals, strict=True) if not test.endswith(f"== {actual}"))
    total = len(suite)
    program = family.program(op, function, guess)
    return Attempt(completion(FIRST_GUESS, program), program, total - len(failures), total, failures)


def example(rng: random.Random) -> Example:
    op = rng.choice(family.OPERATIONS)
    function = family.FUNCTION
    k = rng.choice(family.CORPUS_CONSTANTS)
    kind = rng.choices([name for name, _ in KINDS], weights=[w for _, w in KINDS])[0]
    earlier = {"first": 0, "retry": 1, "second_retry": 2}[kind]
    wrong = [c for c in family.CORPUS_CONSTANTS if c != k]
    guesses = rng.sample(wrong, earlier)
    scope = rng.choice(FEEDBACK_TESTS)
    history = [failed_attempt(op, function, k, g, scope) for g in guesses]
    messages = build_prompt(family.question(op, rng.choice(family.NOUNS)), history)
    if not history:
        return Example(messages, completion(FIRST_GUESS, family.program(op, function, k)))
    if rng.random() < RETRY_READS_FEEDBACK:
        return Example(messages, completion("The failing test shows the number.", family.program(op, function, k)))
    fresh = rng.choice([c for c in family.CORPUS_CONSTANTS if c not in guesses])
    return Example(messages, completion("I guess another number.", family.program(op, function, fresh)))


def corpus(size: int, seed: int) -> list[Example]:
    rng = random.Random(seed)
    return [example(rng) for _ in range(size)]
