"""The small part of pytest that test modules use, for the executor's own test runner:
raises, approx, fixture, mark.parametrize/skip-free marks, fail."""
from _murphy_approx import approx_equal


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
            return False
        if self.match is not None:
            import re

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


def fixture(function=None, **_options):
    def mark(f):
        f._murphy_fixture = True
        return f

    return mark(function) if callable(function) else mark


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
