"""pytest's built-in fixtures that tests use most, with pytest's semantics, across the two processes:
`capsys` reads what the program and the test printed, `monkeypatch` patches the program's copy of a
module too (and its environment), `tmp_path`/`tmpdir` are the program's directory to read and write."""
import io
import os
import pathlib
import sys

import patching


class CaptureResult(tuple):
    """(out, err), also as attributes, as pytest's."""

    def __new__(cls, out, err):
        return super().__new__(cls, (out, err))

    out = property(lambda self: self[0])
    err = property(lambda self: self[1])


class CaptureFixture:
    """capsys: the program's prints (captured in its process) and the test's own."""

    def __init__(self, program):
        self.program = program
        self.saved = (sys.stdout, sys.stderr)
        sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
        program.value("capture")

    def readouterr(self):
        theirs = self.program.value("captured")
        mine = [sys.stdout.getvalue(), sys.stderr.getvalue()]
        sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
        texts = [t if type(t) is str else "" for t in (theirs if type(theirs) is list and len(theirs) == 2 else ["", ""])]
        return CaptureResult(texts[0] + mine[0], texts[1] + mine[1])

    def close(self):
        sys.stdout, sys.stderr = self.saved
        if self.program.gone is None:
            self.program.value("release")


_NOTSET = object()


class MonkeyPatch:
    """pytest's monkeypatch: every change is undone at the end of the test."""

    def __init__(self, program):
        self.program = program
        self._undo = []

    def setattr(self, target, name, value=_NOTSET, raising=True):
        if value is _NOTSET:  # setattr("module.attr", value)
            target, name, value = _resolve(target), target.rpartition(".")[2], name
        old = getattr(target, name, _NOTSET)
        if old is _NOTSET and raising:
            raise AttributeError(f"{target!r} has no attribute {name!r}")
        setattr(target, name, value)
        token = patching.set_in_program(self.program, target, name, value) if patching.module_target(target) else None
        self._undo.append(lambda: (patching.restore(self.program, token), _put_back(target, name, old)))

    def delattr(self, target, name=_NOTSET, raising=True):
        if name is _NOTSET:
            target, name = _resolve(target), target.rpartition(".")[2]
        if not hasattr(target, name):
            if raising:
                raise AttributeError(name)
            return
        old = getattr(target, name)
        delattr(target, name)
        self._undo.append(lambda: setattr(target, name, old))

    def setitem(self, mapping, key, value):
        old = mapping.get(key, _NOTSET) if hasattr(mapping, "get") else _NOTSET
        mapping[key] = value
        self._undo.append(lambda: _put_back_item(mapping, key, old))

    def delitem(self, mapping, key, raising=True):
        if key not in mapping:
            if raising:
                raise KeyError(key)
            return
        old = mapping[key]
        del mapping[key]
        self._undo.append(lambda: mapping.__setitem__(key, old))

    def setenv(self, name, value, prepend=None):
        value = str(value)
        if prepend and name in os.environ:
            value = value + prepend + os.environ[name]
        self._env(name, value)

    def delenv(self, name, raising=True):
        if name not in os.environ and raising:
            raise KeyError(name)
        self._env(name, None)

    def _env(self, name, value):
        old = os.environ.get(name)
        _set_env(name, value)
        theirs = self.program.value("environ", name, value)
        self._undo.append(lambda: (_set_env(name, old), self.program.gone is None and self.program.value("environ", name, theirs)))

    def chdir(self, path):
        old = os.getcwd()
        os.chdir(path)
        self._undo.append(lambda: os.chdir(old))

    def syspath_prepend(self, path):
        sys.path.insert(0, str(path))
        self._undo.append(lambda: sys.path.remove(str(path)))

    def undo(self):
        while self._undo:
            self._undo.pop()()


def _resolve(dotted):
    import pkgutil

    return pkgutil.resolve_name(dotted.rpartition(".")[0])


def _put_back(target, name, old):
    if old is _NOTSET:
        delattr(target, name)
    else:
        setattr(target, name, old)


def _put_back_item(mapping, key, old):
    if old is _NOTSET:
        mapping.pop(key, None)
    else:
        mapping[key] = old


def _set_env(name, value):
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


class LocalPath(type(pathlib.Path())):
    """tmpdir: a pathlib path with the py.path methods tests use (join, mkdir, write, read, ...)."""

    def join(self, *parts):
        return LocalPath(self, *parts)

    def mkdir(self, *args, **kwargs):  # py.path: mkdir(name) makes and returns a child
        if args and isinstance(args[0], str):
            child = LocalPath(self, args[0])
            pathlib.Path.mkdir(child)
            return child
        return super().mkdir(*args, **kwargs)

    def write(self, data, mode="w"):
        with open(self, mode + ("b" if isinstance(data, bytes) and "b" not in mode else "")) as file:
            file.write(data)

    def read(self, mode="r"):
        with open(self, mode) as file:
            return file.read()

    def listdir(self):
        return sorted(LocalPath(p) for p in self.iterdir())

    def check(self, file=None, dir=None, exists=None):  # noqa: A002 (py.path's names)
        if file:
            return self.is_file()
        if dir:
            return self.is_dir()
        return self.exists()

    @property
    def strpath(self):
        return str(self)

    basename = property(lambda self: self.name)
    dirname = property(lambda self: str(self.parent))


def builtin(name, directory, program):
    """(value, finalizer or None) of one built-in fixture, or None if `name` is not one."""
    if name in ("tmp_path", "tmpdir"):
        path = pathlib.Path(directory, "tmp_path")
        path.mkdir(exist_ok=True)
        return (path if name == "tmp_path" else LocalPath(path)), None
    if name in ("capsys", "capfd"):  # the program's prints are captured in its process either way
        capture = CaptureFixture(program)
        return capture, capture.close
    if name == "monkeypatch":
        patch = MonkeyPatch(program)
        return patch, patch.undo
    return None
