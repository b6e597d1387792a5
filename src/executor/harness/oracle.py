"""The program's process: loads the program, then answers the judge's requests about it.

It never holds a test: no test source, no expected value. A request names one of the program's
objects and carries only what the test passes it (values, the program's own objects, handles on
the test's objects it lends: JudgeObject, whose uses this process asks the judge about); the
answer is a value, a handle on a program object, or the exception the program raised, by value.
The judge reads every answer as untrusted data through the strict codec, which names nothing the
judge would look up, so whatever the program does in here (to this module too) can change only
its own answers.

For stdin/stdout tests the program runs as __main__ with the test's stdin; the runner compares
its stdout.
"""
import collections
import dataclasses
import io
import json
import os
import sys
import threading
import types
import warnings

import codec
import confine
import guard
import wire

CHANNEL_FD = 3
_FRAMES = 20
_REPLIES = frozenset({"ok", "raise"})
_CAUSES = 3  # how many links of an exception's __cause__/__context__ chain cross


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


class JudgeObject:
    """A handle on an object the test lent the program (a callback, a mock, a generator): each use
    runs in the judge, which answers while it waits for the program's answer."""

    __slots__ = ("__oracle", "__id", "__type")

    def __init__(self, oracle, handle_id, type_name):
        object.__setattr__(self, "_JudgeObject__oracle", oracle)
        object.__setattr__(self, "_JudgeObject__id", handle_id)
        object.__setattr__(self, "_JudgeObject__type", type_name)

    def __call__(self, *args, **kwargs):
        return self.__oracle.ask("jcall", self, list(args), kwargs)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return self.__oracle.ask("jget", self, name)

    def __getitem__(self, key):
        return self.__oracle.ask("jitem", self, key)

    def __iter__(self):
        return self.__oracle.ask("jiter", self)

    def __next__(self):
        return self.__oracle.ask("jnext", self)

    def __len__(self):
        return self.__oracle.ask("jlen", self)

    def __bool__(self):
        return self.__oracle.ask("jbool", self)

    def __str__(self):
        return self.__oracle.ask("jstr", self)

    def __repr__(self):
        return self.__oracle.ask("jrepr", self)

    def __enter__(self):
        return self.__oracle.ask("jenter", self)

    def __exit__(self, kind, value, traceback):
        return self.__oracle.ask("jexit", self, kind, value)

    __hash__ = object.__hash__


class _Encoder(codec.Encoder):
    def __init__(self, oracle):
        super().__init__(oracle._other)


class Oracle:
    """Answers the judge's requests about the loaded program module, and asks the judge about the
    objects the test lent it."""

    def __init__(self, module, solution_file):
        self.objects = _Objects()
        self.objects.add(module)  # handle 0: the program's module
        self.module = module
        self.solution_file = solution_file
        self.lent = {}  # judge handle id -> JudgeObject
        self.judge_errors = {}  # id(exception) -> (judge handle id, exception): the test's own, passed back as such
        self.patches = []
        self.captured = None
        self.asking = threading.RLock()

    def _other(self, encoder, value, depth):
        if type(value) is JudgeObject:
            return ["j", object.__getattribute__(value, "_JudgeObject__id")]
        lent_error = self.judge_errors.get(id(value))
        if lent_error is not None and lent_error[1] is value:
            return ["j", lent_error[0]]
        if isinstance(value, type) and issubclass(value, BaseException):
            return ["x", self.objects.add(value), value.__qualname__,
                    *(encoder.node(base, depth + 1) for base in value.__bases__ if issubclass(base, BaseException))]
        if isinstance(value, BaseException):
            return self._exception(encoder, value, depth, _CAUSES)
        node = ["h", self.objects.add(value), type(value).__qualname__]
        params = getattr(type(value), "__dataclass_params__", None)
        if dataclasses.is_dataclass(type(value)) and getattr(params, "eq", False):
            node += [self.objects.add(type(value)), [field.name for field in dataclasses.fields(value)]]
        return node

    def _exception(self, encoder, error, depth, links):
        """["X", class, args, attributes, message, frames, cause, context, handle]: the handle lets the
        judge ask whether it is an instance of a library class the judge has too (pytest.raises)."""
        attributes = {name: value for name, value in getattr(error, "__dict__", {}).items()
                      if type(name) is str and not name.startswith("_")}
        chained = [error.__cause__, error.__context__] if links else [None, None]
        return ["X", encoder.node(type(error), depth + 1), encoder.node(tuple(error.args), depth + 1),
                encoder.node(attributes, depth + 1), _text(error)[:4000], encoder.node(self._frames(error), depth + 1),
                *(self._exception(encoder, link, depth + 1, links - 1) if isinstance(link, BaseException) else None for link in chained),
                self.objects.add(error)]

    def _decode_extension(self, decoder, node, depth):
        tag = node[0]
        if tag == "h" and len(node) == 2:
            return self.objects.get(node[1])
        if tag == "j" and len(node) == 3 and type(node[1]) is int and type(node[2]) is str:
            handle = self.lent.get(node[1])
            if handle is None:
                handle = self.lent[node[1]] = JudgeObject(self, node[1], node[2])
            return handle
        if tag == "J" and len(node) == 3 and type(node[1]) is int:
            cls = decoder.value(node[2], depth + 1)
            try:
                error = cls()
            except Exception:
                error = Exception()
            self.judge_errors[id(error)] = (node[1], error)
            return error
        raise codec.Refused("unknown tag")

    def _dumps(self, value):
        return codec.dumps(value, _Encoder(self))

    def send(self, reply):
        try:
            data = codec.serialize(reply.node) if type(reply) is _Encoded else self._dumps(reply)
        except BaseException as error:  # the answer cannot cross: say so instead
            data = self._dumps(self.raised(ValueError(f"the program's answer cannot be sent to the test: {_text(error)}")))
        wire.send(CHANNEL_FD, data)

    def _receive(self):
        return codec.loads(wire.receive(CHANNEL_FD), self._decode_extension)

    def serve(self):
        while True:
            try:
                request = self._receive()
            except wire.Closed:
                return
            self._answer(request)

    def _answer(self, request):
        try:
            reply = self.answer(*request)
        except BaseException as error:  # whatever the program raised, SystemExit included
            reply = self.raised(error)
        self.send(reply)

    def ask(self, *request):
        """A use of a lent object: the judge answers it (and may ask the program things meanwhile).
        One at a time: the program's threads (a pool mapping the test's function) take turns."""
        with self.asking:
            wire.send(CHANNEL_FD, self._dumps(list(request)))
            while True:
                message = self._receive()
                if type(message) is list and message and message[0] in _REPLIES:
                    break
                self._answer(message)
        if message[0] == "ok" and len(message) == 2:
            return message[1]
        if message[0] == "raise" and len(message) == 2 and isinstance(message[1], BaseException):
            raise message[1]
        raise RuntimeError("the test's object gave no answer")

    def answer(self, op, *args):
        if op == "call":
            return self._call(*args)
        return ["ok", _OPS[op](self, *args), [], []]

    def _call(self, function, args, kwargs):
        watched = [(key, value) for key, value in [*enumerate(args), *kwargs.items()] if _mutable(value)]
        before = [_Encoder(self).node(value) for _, value in watched]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = function(*args, **kwargs)
        # Arguments the program changed go back, so the test sees an in-place change; an argument
        # the program returns goes back as that argument (`f(xs) is xs`).
        copied = [[key, value] for (key, value), old in zip(watched, before) if _Encoder(self).node(value) != old]
        encoder = _Encoder(self)
        encoder.aliases = {id(a): ["A", key] for key, a in [*enumerate(args), *kwargs.items()] if not codec.inline(a)}
        try:
            result_node = encoder.node(result)
            encoder.aliases = {}
            rest = [encoder.node(copied), encoder.node([[w.category, _text(w.message)] for w in caught][:100])]
        except codec.Refused as error:
            raise ValueError(f"the program's answer cannot be sent to the test: {error}") from None
        return _Encoded(["l", "ok", result_node, *rest])

    def raised(self, error):
        return ["raise", error]

    def _frames(self, error):
        frames, tb = [], error.__traceback__
        while tb is not None:
            code = tb.tb_frame.f_code
            if code.co_filename == self.solution_file:
                frames.append([os.path.basename(code.co_filename), tb.tb_lineno, code.co_name])
            tb = tb.tb_next
        return frames[-_FRAMES:]


_MUTABLE = (list, dict, set, bytearray, collections.deque, collections.Counter, collections.OrderedDict, collections.defaultdict)
_MUTABLE_SCIENCE = frozenset({("numpy", "ndarray"), ("pandas", "DataFrame"), ("pandas", "Series")})


def _mutable(value):
    """Whether an argument is one the program may change in place (then copied back if it did)."""
    kind = type(value)
    return kind in _MUTABLE or (kind.__module__.partition(".")[0], kind.__name__) in _MUTABLE_SCIENCE


class _Encoded:
    """A reply already encoded (a call's answer, whose parts are encoded with different aliases)."""

    def __init__(self, node):
        self.node = node


def _text(error):
    try:
        return str(error)
    except BaseException:
        return "<unprintable>"


def _names(oracle, names):
    """What `from solution import *` gives the test: public names only."""
    space = oracle.module.__dict__
    return {name: space[name] for name in names if type(name) is str and not name.startswith("_") and name in space}


_MISSING = object()


def _patch(oracle, module_name, name, value):
    """mock.patch/monkeypatch of a module the program uses (`os.listdir`): the program's copy of that
    module gets the test's object too. Returns a token for _unpatch, or None when the program has
    not loaded that module."""
    module = sys.modules.get(module_name) if type(module_name) is str else None
    if module is None or type(name) is not str:
        return None
    oracle.patches.append((module, name, module.__dict__.get(name, _MISSING)))
    setattr(module, name, value)
    return len(oracle.patches) - 1


def _unpatch(oracle, token):
    module, name, old = oracle.patches[token]
    if old is _MISSING:
        module.__dict__.pop(name, None)
    else:
        setattr(module, name, old)


def _environ(oracle, name, value):
    """monkeypatch.setenv/delenv: the program's environment follows the test's."""
    old = os.environ.get(name)
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
    return old


def _capture(oracle):
    """capsys: the program's prints go to buffers the test reads."""
    if oracle.captured is None:
        oracle.captured = (sys.stdout, sys.stderr)
        sys.stdout, sys.stderr = io.StringIO(), io.StringIO()


def _read_captured(oracle):
    if oracle.captured is None:
        return ["", ""]
    texts = [sys.stdout.getvalue(), sys.stderr.getvalue()]
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    return texts


def _release(oracle):
    if oracle.captured is not None:
        sys.stdout, sys.stderr = oracle.captured
        oracle.captured = None


def _instance_of(oracle, obj, names):
    """isinstance with a class of the test's, named by the judge: looked up here, never imported."""
    for name in names:
        if type(name) is not list or len(name) != 2 or not all(type(part) is str for part in name):
            continue
        found = sys.modules.get(name[0])
        for part in name[1].split("."):
            found = getattr(found, part, None)
        if isinstance(found, type) and isinstance(obj, found):
            return True
    return False


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
    "instance_of": _instance_of,
    "patch": _patch,
    "unpatch": _unpatch,
    "environ": _environ,
    "capture": _capture,
    "captured": _read_captured,
    "release": _release,
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
