"""The program's process: loads the program, then answers the judge's requests about it.

It never holds a test: no test source, no expected value. A request names one of the program's
objects and carries only what the test passes it (plain values or the program's own objects);
the answer is a plain value, a handle on a program object, or the exception the program raised.
The judge reads every answer as untrusted data through the strict codec, so whatever the program
does in here (to this module too) can change only its own answers.

For stdin/stdout tests the program runs as __main__ with the test's stdin; the runner compares
its stdout.
"""
import builtins
import importlib
import io
import json
import os
import sys
import types

import codec
import confine
import guard
import wire

CHANNEL_FD = 3
_FRAMES = 20
_SCALARS = (str, int, float, bool, type(None), bytes)


def _builtin_name(value):
    name = getattr(value, "__name__", None)
    return name if type(name) is str and not name.startswith("_") and getattr(builtins, name, None) is value else None


class _Objects:
    """The program's objects the judge holds handles on (kept alive, so ids stay unique)."""

    def __init__(self):
        self.objects = []
        self.ids = {}

    def add(self, value):
        key = id(value)
        if key not in self.ids:
            self.ids[key] = len(self.objects)
            self.objects.append(value)
        return self.ids[key]

    def get(self, handle_id):
        if type(handle_id) is not int or not 0 <= handle_id < len(self.objects):
            raise codec.Refused("no such object")
        return self.objects[handle_id]


def _imported(value, program_module):
    """(module, qualname) of a module, function or class the program imported from elsewhere:
    the judge uses its own copy of those (qualname "" for a module)."""
    if isinstance(value, types.ModuleType):
        name = getattr(value, "__name__", None)
        return (name, "") if type(name) is str and name != program_module else None
    if not isinstance(value, (type, types.FunctionType, types.BuiltinFunctionType)):
        return None
    module, qualname = getattr(value, "__module__", None), getattr(value, "__qualname__", None)
    if type(module) is not str or type(qualname) is not str or module in (program_module, "__main__", "builtins"):
        return None
    return module, qualname


class _Encoder(codec.Encoder):
    def __init__(self, objects, program_module):
        super().__init__(self._other)
        self.objects = objects
        self.program_module = program_module

    def _other(self, value):
        name = _builtin_name(value)
        if name is not None:
            return ["B", name]
        imported = _imported(value, self.program_module)
        if imported is not None:
            return ["M" if not imported[1] else "G", *imported, self.objects.add(value)]
        if isinstance(value, type) and issubclass(value, BaseException):
            return ["x", self.objects.add(value), value.__qualname__, *(self._other(base) for base in value.__bases__
                                                                         if issubclass(base, BaseException))]
        tolist = getattr(type(value), "tolist", None)  # numpy scalars and arrays: their plain value
        if tolist is not None and type(value).__module__ == "numpy":
            return self.node(tolist(value))
        return ["h", self.objects.add(value), type(value).__qualname__]


class Oracle:
    """Answers the judge's requests about the loaded program module."""

    def __init__(self, module, solution_file):
        self.objects = _Objects()
        self.objects.add(module)  # handle 0: the program's module
        self.module = module
        self.solution_file = solution_file

    def _decode_extension(self, node, _depth):
        if node[0] == "h" and len(node) == 2:
            return self.objects.get(node[1])
        if node[0] == "B" and len(node) == 2 and type(node[1]) is str and not node[1].startswith("_"):
            return getattr(builtins, node[1])
        if node[0] == "G" and len(node) == 3 and type(node[1]) is str and type(node[2]) is str:
            found = importlib.import_module(node[1])
            for part in node[2].split(".") if node[2] else ():
                found = getattr(found, part)
            return found
        raise codec.Refused("unknown tag")

    def _dumps(self, value):
        return codec.dumps(value, _Encoder(self.objects, self.module.__name__))

    def send(self, reply):
        try:
            data = self._dumps(reply)
        except BaseException as error:  # the answer cannot cross: say so instead
            data = self._dumps(self.raised(ValueError(f"the program's answer cannot be sent to the test: {_text(error)}")))
        wire.send(CHANNEL_FD, data)

    def serve(self):
        while True:
            try:
                request = codec.loads(wire.receive(CHANNEL_FD), self._decode_extension)
            except wire.Closed:
                return
            try:
                reply = self.answer(*request)
            except BaseException as error:  # whatever the program raised, SystemExit included
                reply = self.raised(error)
            self.send(reply)

    def answer(self, op, *args):
        if op == "call":
            return self._call(*args)
        return ["ok", _OPS[op](self, *args), []]

    def _call(self, function, args, kwargs):
        watched = [(i, a) for i, a in enumerate(args) if type(a) in (list, dict, set)]
        watched += [(k, v) for k, v in kwargs.items() if type(v) in (list, dict, set)]
        before = [_Encoder(self.objects, self.module.__name__).node(value) for _, value in watched]
        result = function(*args, **kwargs)
        # Arguments the program changed go back, so the test sees an in-place change.
        copied = [[key, value] for (key, value), old in zip(watched, before) if _Encoder(self.objects, self.module.__name__).node(value) != old]
        return ["ok", result, copied]

    def raised(self, error):
        kind = type(error)
        args = error.args if type(error.args) is tuple and all(type(a) in _SCALARS for a in error.args) else None
        return ["raise", kind, args, _text(error)[:4000], self._frames(error)]

    def _frames(self, error):
        frames, tb = [], error.__traceback__
        while tb is not None:
            code = tb.tb_frame.f_code
            if code.co_filename == self.solution_file:
                frames.append([os.path.basename(code.co_filename), tb.tb_lineno, code.co_name])
            tb = tb.tb_next
        return frames[-_FRAMES:]


def _text(error):
    try:
        return str(error)
    except BaseException:
        return "<unprintable>"


def _names(oracle, names):
    space = oracle.module.__dict__
    return {name: space[name] for name in names if type(name) is str and name in space}


_OPS = {
    "get": lambda o, obj, name: getattr(obj, name),
    "set": lambda o, obj, name, value: setattr(obj, name, value),
    "del": lambda o, obj, name: delattr(obj, name),
    "item": lambda o, obj, key: obj[key],
    "setitem": lambda o, obj, key, value: obj.__setitem__(key, value),
    "delitem": lambda o, obj, key: obj.__delitem__(key),
    "len": lambda o, obj: len(obj),
    "bool": lambda o, obj: bool(obj),
    "str": lambda o, obj: str(obj),
    "repr": lambda o, obj: repr(obj),
    "dir": lambda o, obj: [name for name in dir(obj) if type(name) is str],
    "iter": lambda o, obj: iter(obj),
    "next": lambda o, obj: next(obj),
    "isinstance": lambda o, obj, cls: isinstance(obj, cls),
    "issubclass": lambda o, obj, cls: issubclass(obj, cls),
    "names": _names,
}


def _fresh_interpreter_state(spec, harness_modules):
    """The program sees an ordinary interpreter: no harness modules, its own directory on sys.path."""
    for name in harness_modules:
        sys.modules.pop(name, None)
    sys.path[:] = [os.getcwd(), *spec["libraryPath"]]
    main = types.ModuleType("__main__")
    sys.modules["__main__"] = main
    sys.stdin = io.TextIOWrapper(io.BufferedReader(io.FileIO(0, "r", closefd=False)), encoding="utf-8")
    sys.argv = [spec["solutionFile"]]
    return main


def _load(path, module):
    module.__file__ = path
    with open(path, encoding="utf-8") as source:
        exec(compile(source.read(), path, "exec", dont_inherit=True), module.__dict__)


def _violation_reporter(kind):
    """What the sandbox's tripwire sends before it closes the channel: a reply the judge reads as a
    SandboxViolation, or for stdin/stdout tests a line the runner reads."""

    def report(event):
        try:
            if kind == "stdio":
                os.write(CHANNEL_FD, json.dumps({"violation": f"used {event}"}).encode() + b"\n")
            else:
                wire.send(CHANNEL_FD, json.dumps(["l", "violation", f"used {event}"]).encode())
        except BaseException:
            pass

    return report


def _serve_program(spec):
    module = types.ModuleType(spec["moduleName"])
    sys.modules[spec["moduleName"]] = module
    oracle = Oracle(module, spec["solutionFile"])
    try:
        _load(spec["solutionFile"], module)
        reply = ["ready"]
    except BaseException as error:
        reply = oracle.raised(error)
    oracle.send(reply)
    oracle.serve()


def _run_as_main(spec, main):
    """stdin/stdout test: a raised exception is reported on the channel, as one JSON line."""
    try:
        _load(spec["solutionFile"], main)
    except SystemExit as stop:
        if stop.code in (None, 0):
            return 0
        error = stop
    except BaseException as caught:
        error = caught
    else:
        return 0
    frames = Oracle(main, spec["solutionFile"])._frames(error)
    line = json.dumps({"type": type(error).__name__, "message": _text(error)[:4000], "frames": frames}) + "\n"
    os.write(CHANNEL_FD, line.encode())
    return 1


def main(spec, fds, harness_modules):
    """Never returns: the process ends with os._exit whatever the program did."""
    try:
        confine.keep_only_fds([(fd, target) for target, fd in enumerate(fds)])
        confine.enter(spec)
        main_module = _fresh_interpreter_state(spec, harness_modules)
        guard.install(_violation_reporter(spec["kind"]), (CHANNEL_FD,))
    except BaseException:
        os._exit(70)
    code = 0
    try:
        if spec["kind"] == "stdio":
            code = _run_as_main(spec, main_module)
        else:
            _serve_program(spec)
    except BaseException:
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        pass
    os._exit(code)
