"""The "constants" task family: small Python functions whose description leaves one whole number open.

Each problem asks for a function of one argument that combines it with a fixed number the description
does not state, e.g. "returns x plus a fixed whole number". The visible test shows the number
(`assert f(0) == 3` for "plus"), so a retry that reads the execution feedback can fix the program,
while a first attempt can only guess. murphy's built-in datasets builtin:constants (train) and
builtin:constants-heldout (src/datasets/builtin/constants.ts) are problems of this family, and the
built-in coder (coder_model.py) is pretrained on programs of it; test/datasets/constants-family.test.ts checks that both
sides write the same questions, programs and tests.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Operation:
    name: str
    parameter: str
    question: str  # what the function returns
    body: str  # the returned expression, {k} the constant
    inputs: tuple[str, ...]  # the tests' arguments, visible first


# The one visible test is the first: its expected value is the constant itself, so the failing test
# (`assert f(0) == 3`) shows it.
OPERATIONS: tuple[Operation, ...] = (
    Operation("plus", "x", "returns x plus a fixed whole number", "x + {k}", ("0", "1", "5", "10")),
    Operation("times", "x", "returns x times a fixed whole number", "x * {k}", ("1", "2", "3", "10")),
    Operation("larger", "x", "returns the larger of x and a fixed whole number", "max(x, {k})", ("0", "1", "-5", "10")),
    Operation("less", "x", "returns a fixed whole number minus x", "{k} - x", ("0", "1", "5", "10")),
)
# What x is, one word each: the datasets' train split uses the first 16, the held-out split the rest.
NOUNS: tuple[str, ...] = (
    "price", "score", "count", "level", "total", "size", "width", "speed",
    "depth", "rank", "weight", "height", "length", "amount", "volume", "area",
    "age", "distance", "budget", "balance", "salary", "energy", "power", "margin",
)
FUNCTION = "f"
VISIBLE_TESTS = 1
# Family problems use small constants; the pretraining corpus draws from all of CORPUS_CONSTANTS.
FAMILY_CONSTANTS: tuple[int, ...] = (2, 3, 4)
CORPUS_CONSTANTS: tuple[int, ...] = tuple(range(1, 10))


def operation(name: str) -> Operation:
    return next(op for op in OPERATIONS if op.name == name)


def question(op: Operation, noun: str) -> str:
    return f"Complete `def {FUNCTION}({op.parameter}):` so that, for a {noun} {op.parameter}, it {op.question}. The tests know the number."


def program(op: Operation, function: str, k: int) -> str:
    return f"def {function}({op.parameter}):\n    return {op.body.format(k=k)}"


def expected(op: Operation, argument: str, k: int) -> str:
    value = eval(f"lambda {op.parameter}: {op.body.format(k=k)}")(eval(argument))  # our own literals only
    return repr(value)


def tests(op: Operation, function: str, k: int) -> list[str]:
    """The problem's assert tests, the VISIBLE_TESTS visible ones first."""
    return [f"assert {function}({argument}) == {expected(op, argument, k)}" for argument in op.inputs]
