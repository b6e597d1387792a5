"""The small part of pytest that test modules use, for the executor's own test runner:
raises, warns, approx, fixture (autouse too), param, mark.parametrize/skip-free marks, fail."""

import re
import sys
import warnings

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


class _Raises:
    def __init__(self, expected, match=None):
        self.expected = expected
        self.match = match
        self.value = None
        self.type = None

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        if kind is None:
            raise AssertionError(f"DID NOT RAISE {self.expected}")
        if not issubclass(kind, self.expected):
            # The program's exception of a library class the judge rebuilt as its own: the program is asked.
            asks = sys.modules.get("instances")
            kind = asks.raised_as(value, self.expected) if asks is not None else None
            if kind is None:
                return False
        if self.match is not None:
            if not re.search(self.match, str(value)):
                raise AssertionError(f"Regex pattern {self.match!r} does not match {str(value)!r}")
        self.value, self.type = value, kind
        return True


def raises(expected, *args, match=None, **kwargs):
    if args:
        with _Raises(expected, match):
            args[0](*args[1:], **kwargs)
        return None
    return _Raises(expected, match)


class WarningsChecker(list):
    """pytest.warns: the warnings raised in the block (by the test, or by the program: the judge
    raises the program's warnings again when its call returns); one of `expected` must be among them."""

    def __init__(self, expected=Warning, match=None):
        super().__init__()
        self.expected = expected
        self.match = match
        self._catcher = warnings.catch_warnings(record=True)

    def __enter__(self):
        self._log = self._catcher.__enter__()
        warnings.simplefilter("always")
        return self

    def __exit__(self, kind, value, traceback):
        self._catcher.__exit__(kind, value, traceback)
        self.extend(self._log)
        if kind is not None:
            return False
        if not any(issubclass(w.category, self.expected) and (self.match is None or re.search(self.match, str(w.message))) for w in self):
            found = [f"{w.category.__name__}({str(w.message)!r})" for w in self]
            raise AssertionError(f"DID NOT WARN. No warnings of type {self.expected} matching {self.match!r} were emitted: {found}")
        return False

    def pop(self, cls=Warning):
        for index, item in enumerate(self):
            if issubclass(item.category, cls):
                return super().pop(index)
        raise AssertionError(f"{cls!r} not found in warning list")


def warns(expected=Warning, *args, match=None, **kwargs):
    if args:
        with WarningsChecker(expected, match):
            return args[0](*args[1:], **kwargs)
    return WarningsChecker(expected, match)


def deprecated_call(*args, **kwargs):
    return warns((DeprecationWarning, PendingDeprecationWarning), *args, **kwargs)


class _Approx:
    def __init__(self, expected, rel=None, abs=None):
        self.expected, self.rel, self.abs = expected, rel, abs

    def __eq__(self, actual):
        try:
            return approx_equal(actual, self.expected, self.rel, self.abs)
        except TypeError:
            return False

    def __repr__(self):
        return f"approx({self.expected!r})"


def approx(expected, rel=None, abs=None):
    return _Approx(expected, rel, abs)


def fixture(function=None, *, autouse=False, **_options):
    def mark(f):
        f._murphy_fixture = True
        f._murphy_autouse = bool(autouse)
        return f

    return mark(function) if callable(function) else mark


class ParameterSet(tuple):
    """pytest.param(*values): one case of @parametrize (its marks and id are not used)."""

    _murphy_param = True


def param(*values, marks=(), id=None):  # noqa: A002 (pytest's name)
    return ParameterSet(values)


def fail(reason=""):
    raise AssertionError(reason)


class _Mark:
    @staticmethod
    def parametrize(names, values, **_options):
        def mark(f):
            f._murphy_parametrize = [(names, list(values))] + getattr(f, "_murphy_parametrize", [])
            return f

        return mark

    def __getattr__(self, _name):
        return lambda *args, **kwargs: (args[0] if len(args) == 1 and callable(args[0]) and not kwargs else (lambda f: f))


mark = _Mark()
