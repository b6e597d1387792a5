"""The runner's verdict on one observed assert, computed on plain values in trusted code.

A value the test process could not encode as plain data (an object of the program's own class, a
subclass that overrides equality) never equals an expected literal: only `!=` and `is not` hold.
"""
import operator

from _murphy_approx import approx_equal
from values import decode

_APPLY = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
    ">=": operator.ge, "in": lambda a, b: a in b, "not in": lambda a, b: a not in b,
    "is": operator.is_, "is not": operator.is_not,
    "approx==": lambda a, t: approx_equal(a, *t), "approx!=": lambda a, t: not approx_equal(a, *t),
}
_HOLDS_FOR_STRANGERS = ("!=", "is not", "approx!=")


class Observed:
    """One value as the test process reported it: plain (decoded) or only a type name."""

    def __init__(self, message):
        self.plain = message.get("e") is not None
        self.value = decode(message["e"]) if self.plain else None
        # Plain values are shown as the trusted side prints them; others as the program did.
        self.display = repr(self.value) if self.plain else str(message.get("r", ""))


def _compare(op, left, right):
    try:
        return bool(_APPLY[op](left, right))
    except Exception:  # e.g. `<` between a str and an int: the assert would have raised
        return False


def _literal_verdict(check, observed):
    if not observed.plain:
        return check.op in _HOLDS_FOR_STRANGERS
    if check.literal_side == "right":
        return _compare(check.op, observed.value, check.literal)
    return _compare(check.op, check.literal, observed.value)


def _pair_verdict(check, left, right, in_process):
    if left.plain and right.plain:
        return _compare(check.op, left.value, right.value)
    if not left.plain and not right.plain and check.op in ("==", "!=") and in_process is not None:
        return bool(in_process)  # the program's objects compared with each other, its own semantics
    return check.op in _HOLDS_FOR_STRANGERS


def verdict(check, message):
    """(passed, actual, expected) for one observation of `check`; actual/expected for feedback."""
    values = [Observed(v) for v in message.get("v", [])]
    in_process = message.get("p")
    if check.op is None:
        (value,) = values
        truth = bool(value.value) if value.plain else bool(in_process)
        return truth != check.negate, value.display, None
    if check.literal_side is not None:
        (value,) = values
        expected = f"approx({check.literal[0]!r})" if check.op.startswith("approx") else repr(check.literal)
        return _literal_verdict(check, value), value.display, expected
    left, right = values
    actual, expected = (left.display, right.display)
    return _pair_verdict(check, left, right, in_process), actual, expected
