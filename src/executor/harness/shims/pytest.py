"""The small part of pytest that test modules use, for the executor's own test runner:
raises, approx, fixture, mark.parametrize/skip-free marks, fail."""
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
