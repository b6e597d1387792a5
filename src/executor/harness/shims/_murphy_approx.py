"""pytest.approx's closeness rule, shared by the pytest shim and the trusted runner's judge."""
import math


def approx_equal(actual, expected, rel=None, abs_=None):
    if isinstance(expected, (list, tuple)):
        return isinstance(actual, (list, tuple)) and len(actual) == len(expected) and all(
            approx_equal(a, e, rel, abs_) for a, e in zip(actual, expected))
    if isinstance(expected, dict):
        return isinstance(actual, dict) and actual.keys() == expected.keys() and all(
            approx_equal(actual[k], v, rel, abs_) for k, v in expected.items())
    if not isinstance(actual, (int, float, complex)) or not isinstance(expected, (int, float, complex)):
        return actual == expected
    tolerance = max((1e-6 if rel is None else rel) * abs(expected), 1e-12 if abs_ is None else abs_)
    return actual == expected or abs(actual - expected) <= tolerance
