"""Calls one collected test the way pytest would, for the common cases: plain functions, methods
of Test* classes (unittest.TestCase included), fixtures by argument name (tmp_path, capsys-free
user fixtures, generator fixtures), and @pytest.mark.parametrize (all cases inside one test)."""
import inspect
import pathlib
import unittest


class _Fixtures:
    def __init__(self, module, directory):
        self.module = module
        self.directory = directory
        self.values = {}
        self.finalizers = []

    def value(self, name):
        if name in self.values:
            return self.values[name]
        if name == "tmp_path":
            path = pathlib.Path(self.directory, "tmp_path")
            path.mkdir(exist_ok=True)
            self.values[name] = path
            return path
        factory = getattr(self.module, name, None)
        if factory is None or not getattr(factory, "_murphy_fixture", False):
            raise LookupError(f"fixture '{name}' not found")
        result = factory(**{arg: self.value(arg) for arg in _arguments(factory)})
        if inspect.isgenerator(result):
            self.finalizers.append(result)
            result = next(result)
        self.values[name] = result
        return result

    def close(self):
        for generator in reversed(self.finalizers):
            for _ in generator:
                pass


def _arguments(function):
    params = inspect.signature(function).parameters.values()
    return [p.name for p in params if p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]


def _cases(function):
    """Each @parametrize case as keyword arguments (stacked decorators multiply)."""
    cases = [{}]
    for names, values in getattr(function, "_murphy_parametrize", []):
        names = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)
        expanded = []
        for case in cases:
            for value in values:
                row = value if len(names) > 1 else (value,)
                expanded.append({**case, **dict(zip(names, row))})
        cases = expanded
    return cases


def _run_function(function, fixtures):
    for case in _cases(function):
        arguments = {name: case[name] if name in case else fixtures.value(name) for name in _arguments(function)}
        function(**arguments)


def call(module, class_name, function_name, directory):
    fixtures = _Fixtures(module, directory)
    try:
        if class_name is None:
            _run_function(getattr(module, function_name), fixtures)
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
            _run_function(getattr(instance, function_name), fixtures)
        finally:
            for hook in ("teardown_method", "tearDown"):
                if hasattr(instance, hook):
                    getattr(instance, hook)(*([getattr(instance, function_name)] if hook == "teardown_method" else []))
    finally:
        fixtures.close()


def _run_unittest(cls, function_name):
    cls.setUpClass()
    try:
        case = cls(function_name)
        case.setUp()
        try:
            getattr(case, function_name)()
        finally:
            case.tearDown()
            case.doCleanups()
    finally:
        cls.tearDownClass()



