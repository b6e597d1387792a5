"""Calls one collected test the way pytest would, for the common cases: plain functions, methods
of Test* classes (unittest.TestCase included), fixtures by argument name (the module's own,
generator fixtures, and pytest's tmp_path, tmpdir, capsys, monkeypatch: fixtures.py), and
@pytest.mark.parametrize (all cases inside one test)."""
import contextlib
import inspect
import unittest

import builtin_fixtures
from proxy import ProgramGone


class _Fixtures:
    def __init__(self, module, directory, program, instance=None):
        self.scopes = [instance, module] if instance is not None else [module]  # a test class's fixtures first
        self.directory = directory
        self.program = program
        self.values = {}
        self.finalizers = []  # generators to finish, or functions to call, last first

    def _factory(self, name):
        for scope in self.scopes:
            factory = getattr(scope, name, None)
            if getattr(factory, "_murphy_fixture", False):
                return factory
        return None

    def autouse(self):
        """Requests the autouse fixtures of the module and of the test's class, in definition order."""
        for scope in reversed(self.scopes):
            space = vars(type(scope)) if scope is not self.scopes[-1] else vars(scope)
            for name, item in list(space.items()):
                if getattr(item, "_murphy_autouse", False):
                    self.value(name)

    def value(self, name):
        if name in self.values:
            return self.values[name]
        factory = self._factory(name)
        if factory is None:
            found = builtin_fixtures.builtin(name, self.directory, self.program)
            if found is None:
                raise LookupError(f"fixture '{name}' not found")
            result, finalizer = found
            if finalizer is not None:
                self.finalizers.append(finalizer)
        else:
            result = factory(**{arg: self.value(arg) for arg in _arguments(factory)})
            if inspect.isgenerator(result):
                self.finalizers.append(result)
                result = next(result)
        self.values[name] = result
        return result

    def close(self):
        for finalizer in reversed(self.finalizers):
            if inspect.isgenerator(finalizer):
                for _ in finalizer:
                    pass
            else:
                finalizer()


def _arguments(function):
    params = list(inspect.signature(function).parameters.values())
    params = params[_mock_arguments(function):]
    return [p.name for p in params if p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]


def _mock_arguments(function):
    """How many leading arguments @mock.patch decorators fill (as pytest does: not fixtures)."""
    patchings = getattr(function, "patchings", None)
    if not patchings:
        return 0
    from unittest import mock

    return sum(1 for p in patchings if not p.attribute_name and p.new is mock.DEFAULT)


def _cases(function):
    """Each @parametrize case as keyword arguments (stacked decorators multiply)."""
    cases = [{}]
    for names, values in getattr(function, "_murphy_parametrize", []):
        names = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)
        expanded = []
        for case in cases:
            for value in values:
                row = tuple(value) if getattr(value, "_murphy_param", False) or len(names) > 1 else (value,)
                expanded.append({**case, **dict(zip(names, row))})
        cases = expanded
    return cases


def _run_function(function, new_fixtures):
    """Runs every case, each with fixtures of its own (finalized after it), as pytest does."""
    for case in _cases(function):
        fixtures = new_fixtures()
        try:
            fixtures.autouse()
            arguments = {name: case[name] if name in case else fixtures.value(name) for name in _arguments(function)}
            function(**arguments)
        finally:
            fixtures.close()


def call(module, class_name, function_name, directory, program):
    if class_name is None:
        _run_function(getattr(module, function_name), lambda: _Fixtures(module, directory, program))
        return
    cls = getattr(module, class_name)
    if isinstance(cls, type) and issubclass(cls, unittest.TestCase):
        _run_unittest(cls, function_name)
        return
    instance = cls()
    for hook in ("setup_method", "setUp"):
        if hasattr(instance, hook):
            getattr(instance, hook)(*([getattr(instance, function_name)] if hook == "setup_method" else []))
    try:
        _run_function(getattr(instance, function_name), lambda: _Fixtures(module, directory, program, instance))
    finally:
        for hook in ("teardown_method", "tearDown"):
            if hasattr(instance, hook):
                getattr(instance, hook)(*([getattr(instance, function_name)] if hook == "teardown_method" else []))


def _run_unittest(cls, function_name):
    """One test of a unittest.TestCase as unittest runs it: the class fixtures around it (with
    their cleanups), setUp, the method, tearDown and the test's cleanups. A skip (a decorator,
    skipTest, in setUp or setUpClass) passes, as it fails no suite; an expected failure passes
    when the method fails and fails when it does not."""
    method = getattr(cls, function_name)
    if getattr(cls, "__unittest_skip__", False) or getattr(method, "__unittest_skip__", False):
        return
    try:
        cls.setUpClass()
        try:
            _run_case(cls(function_name), function_name, getattr(method, "__unittest_expecting_failure__", False))
        finally:
            cls.tearDownClass()
            cls.doClassCleanups()
    except unittest.SkipTest:
        pass


def _labelled_subtests(case):
    """A failing subtest's message names its parameters, as unittest's report does ("6 != 7 [n=3]"):
    the method stops at the first failing subtest, and feedback should say which one it was."""
    original = case.subTest

    @contextlib.contextmanager
    def subTest(*args, **params):
        with original(*args, **params):
            try:
                yield
            except AssertionError as error:
                label = ", ".join([*(repr(a) for a in args), *(f"{k}={v!r}" for k, v in params.items())])
                if type(error) is AssertionError:  # the judge's own assert verdicts carry their source instead
                    error.args = (f"{error.args[0] if error.args else ''} [{label}]", *error.args[1:])
                raise

    case.subTest = subTest


def _run_case(case, function_name, expecting_failure):
    _labelled_subtests(case)
    case.setUp()
    try:
        try:
            getattr(case, function_name)()
        except (unittest.SkipTest, ProgramGone):  # a program that died or broke its sandbox fails whatever was expected
            raise
        except Exception:
            if not expecting_failure:
                raise
            return
        if expecting_failure:
            raise AssertionError(f"{function_name} is marked expectedFailure but passed (an unexpected success)")
    finally:
        case.tearDown()
        case.doCleanups()
