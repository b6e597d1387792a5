"""The judge's view of the program: a connection to the program's process, the program's objects
as handles, its exceptions rebuilt as the judge's own.

Only what the codec builds comes back: plain values, handles (ProgramObject) and classes the judge
made itself. A handle forwards calls, attribute and item access, len/str/repr/bool/iteration to the
program, and every answer is again plain data or a handle. It takes part in no comparison with
anything but itself and in no arithmetic: `==`, `!=`, `<`... raise NotPlainValue (arithmetic
TypeError), so no expected value is ever handed to the program's code and no comparison the
program defines can hold. Modules, functions and classes the program imported from elsewhere
(`math`, `math.isclose`, `collections.deque`) arrive as their names and resolve to the judge's
own copies, so a program cannot stand in for them either.
"""
import builtins
import importlib
import sys
import types

import codec
import wire


class ProgramGone(BaseException):
    """The program's process ended or broke the protocol: the test cannot pass. A BaseException,
    so that a test's `except Exception` does not swallow it."""


class SandboxViolation(ProgramGone):
    """The program tried what its sandbox forbids; its process is closed."""


class NotPlainValue(BaseException):
    """A test compared one of the program's objects (not a plain value) with something. A
    BaseException, so that a test's `except TypeError`/`except Exception` cannot turn the refused
    comparison into a pass."""


_BUILTIN_NAMES = frozenset(name for name in dir(builtins) if not name.startswith("_"))
# Dunder attributes a test may read from the program's objects; other dunders are not forwarded
# (they are protocol lookups such as __deepcopy__ that the judge must not delegate).
_REMOTE_DUNDERS = frozenset({"__name__", "__qualname__", "__doc__", "__module__", "__dict__", "__annotations__", "__wrapped__"})
# The iteration protocol is the only place where StopIteration from the program means something.
_ENDS_ITERATION = (StopIteration, StopAsyncIteration)


def _builtin_name(value):
    name = getattr(value, "__name__", None)
    return name if type(name) is str and name in _BUILTIN_NAMES and getattr(builtins, name) is value else None


class Program:
    """The connection to one program process, and the handles and classes it gave the judge."""

    def __init__(self, fd, module_name):
        self.fd = fd
        self.module_name = module_name
        self.handles = {}  # id -> ProgramObject (one per remote object: identity is kept)
        self.classes = {}  # id -> the judge's class for the program's exception class
        self.class_ids = {}
        self.gone = None  # why the connection ended
        self.decoder = codec.Decoder(self._decode_extension)
        self.load_error = None  # the exception the program raised while it was loaded
        self.module = self.handles[0] = ProgramObject(self, 0, "module")

    def connect(self):
        """Waits for the program to load; afterwards `load_error` holds what it raised, if anything."""
        try:
            self._reply("load", self._receive())
        except ProgramGone:
            raise
        except BaseException as error:  # noqa: B036 (the program's own exception, rebuilt)
            self.load_error = error

    def request(self, *message):
        """Sends one request; returns (value, copied-back arguments) or raises what the program raised."""
        if self.gone is not None:
            raise ProgramGone(self.gone)
        try:
            data = codec.dumps(list(message), codec.Encoder(self._encode_extension))
        except codec.Refused as error:
            raise TypeError(str(error)) from None
        try:
            wire.send(self.fd, data)
        except wire.Closed as error:
            self._end(f"the program's process ended ({error})")
        return self._reply(message[0], self._receive())

    def value(self, *message):
        return self.request(*message)[0]

    def call(self, target, args, kwargs):
        result, copied = self.request("call", target, list(args), kwargs)
        for key, value in copied:
            original = args[key] if type(key) is int and 0 <= key < len(args) else kwargs.get(key) if type(key) is str else None
            refill(original, value)
        return result

    def _receive(self):
        try:
            reply = codec.loads(wire.receive(self.fd), self._decode_extension)
        except wire.Closed:
            self._end("the program's process ended during the test")
        except codec.Refused as error:
            self._end(f"the program sent a malformed answer ({error})")
        if type(reply) is not list or not reply or type(reply[0]) is not str:
            self._end("the program sent a malformed answer")
        return reply

    def _end(self, why, kind=ProgramGone):
        self.gone = why
        raise kind(why)

    def _reply(self, op, reply):
        kind = reply[0]
        if kind == "ok" and len(reply) == 3 and type(reply[2]) is list:
            return reply[1], [item for item in reply[2] if type(item) is list and len(item) == 2]
        if kind == "ready":
            return None, []
        if kind == "raise" and len(reply) == 5:
            raise self._exception(op, *reply[1:])
        if kind == "violation":
            self._end(f"the program {reply[1] if len(reply) > 1 and type(reply[1]) is str else 'broke its sandbox'}", SandboxViolation)
        self._end("the program sent a malformed answer")

    def _exception(self, op, cls, args, message, frames):
        message = message if type(message) is str else ""
        if not (isinstance(cls, type) and issubclass(cls, BaseException)):
            cls, args = RuntimeError, (message,)
        if issubclass(cls, _ENDS_ITERATION) and op != "next":
            cls, args = RuntimeError, (f"the program raised {cls.__name__}: {message}",)
        args = args if type(args) is tuple else (message,)
        try:
            error = cls(*args)
        except Exception:  # a constructor of other arguments (JSONDecodeError(msg, doc, pos)): same class, same args
            try:
                error = cls.__new__(cls)
                error.args = args
            except Exception:
                error = RuntimeError(f"{cls.__name__}: {message}")
        error.murphy_remote = (f"{cls.__name__}: {message}", [f for f in frames if _is_frame(f)] if type(frames) is list else [])
        return error

    def _encode_extension(self, value):
        if type(value) is ProgramObject:
            return ["h", object.__getattribute__(value, "_ProgramObject__id")]
        if isinstance(value, type) and value in self.class_ids:
            return ["h", self.class_ids[value]]
        name = _builtin_name(value)
        if name is not None:
            return ["B", name]
        imported = _importable(value)
        if imported is not None:
            return ["G", *imported]
        raise codec.Refused(f"a {type(value).__name__} cannot be passed to the program: only plain values "
                            "(None, bool, int, float, complex, str, bytes, list, tuple, dict, set, frozenset) "
                            "and the program's own objects can")

    def _decode_extension(self, node, depth):
        tag = node[0]
        if tag == "h" and len(node) == 3 and type(node[1]) is int and type(node[2]) is str:
            handle = self.handles.get(node[1])
            if handle is None:
                handle = self.handles[node[1]] = ProgramObject(self, node[1], node[2][:200])
            return handle
        if tag == "B" and len(node) == 2 and node[1] in _BUILTIN_NAMES:
            return getattr(builtins, node[1])
        if tag in ("M", "G") and len(node) == 4 and type(node[1]) is str and type(node[2]) is str and type(node[3]) is int:
            found = _trusted(node[1], node[2])
            return found if found is not None else self._decode_extension(["h", node[3], node[2] or node[1]], depth)
        if tag == "x" and len(node) >= 3 and type(node[1]) is int and type(node[2]) is str:
            return self._mirror(node, depth)
        raise codec.Refused(f"unknown tag {str(tag)[:20]!r}")

    def _mirror(self, node, depth):
        """The judge's own class for one of the program's exception classes (so that
        pytest.raises(ProgramError) and `except ProgramError` work), made once per class."""
        known = self.classes.get(node[1])
        if known is not None:
            return known
        bases = [self.decoder.value(base, depth + 1) for base in node[3:]]
        bases = tuple(b for b in bases if isinstance(b, type) and issubclass(b, BaseException)) or (Exception,)
        name = node[2].rpartition(".")[2][:100] or "ProgramError"
        namespace = {"__module__": self.module_name, "__qualname__": node[2][:200]}
        try:
            cls = type(name, bases, namespace)
        except TypeError:  # bases whose layouts conflict
            cls = type(name, bases[:1], namespace)
        self.classes[node[1]] = cls
        self.class_ids[cls] = node[1]
        return cls


def _importable(value):
    """(module, qualname) of a module, function or class the program can import by that name."""
    if isinstance(value, types.ModuleType) and not isinstance(value, ProgramModule):
        return value.__name__, ""
    if not isinstance(value, (type, types.FunctionType, types.BuiltinFunctionType)):
        return None
    module, qualname = getattr(value, "__module__", None), getattr(value, "__qualname__", None)
    if type(module) is not str or type(qualname) is not str or "<" in qualname or _trusted(module, qualname) is not value:
        return None
    return None if module.startswith("test_") or module == "__main__" else (module, qualname)


# Standard modules the judge will not import for a program's name: they act on import.
_NOT_IMPORTED = frozenset({"antigravity", "this", "idlelib", "tkinter", "turtle", "turtledemo", "webbrowser"})


def _trusted(module, qualname):
    """The judge's own module `module` (qualname "") or object `module.qualname`, else None. Only
    modules already loaded here or of the standard library are imported: a program's name never
    makes the judge load code from anywhere else."""
    top = module.partition(".")[0]
    if module not in sys.modules and (top not in sys.stdlib_module_names or top in _NOT_IMPORTED):
        return None
    try:
        found = sys.modules.get(module) or importlib.import_module(module)
        for part in qualname.split(".") if qualname else ():
            found = getattr(found, part)
    except Exception:
        return None
    return None if isinstance(found, ProgramModule) or type(found) is ProgramObject else found


def _is_frame(frame):
    return type(frame) is list and len(frame) == 3 and type(frame[0]) is str and type(frame[1]) is int and type(frame[2]) is str


def refill(original, new):
    """Copies a mutated argument back into the judge's own object, in place (nested lists and
    dicts too), so that a test of an in-place operation sees the change."""
    if type(original) is list and type(new) is list:
        for index in range(min(len(original), len(new))):
            if _refillable(original[index], new[index]):
                refill(original[index], new[index])
            else:
                original[index] = new[index]
        del original[len(new):]
        original.extend(new[len(original):])
    elif type(original) is dict and type(new) is dict:
        for key in [k for k in original if k not in new]:
            del original[key]
        for key, value in new.items():
            if key in original and _refillable(original[key], value):
                refill(original[key], value)
            else:
                original[key] = value
    elif type(original) is set and type(new) is set:
        original.clear()
        original.update(new)


def _refillable(original, new):
    return type(original) is type(new) and type(new) in (list, dict, set)


def _not_comparable(handle, other):
    return NotPlainValue(f"the program returned a {object.__getattribute__(handle, '_ProgramObject__type')} object, "
                     f"not a plain value: it cannot be compared with {type(other).__name__} "
                     "(return plain values: int, float, str, list, dict, ...)")


def _typed(value, kind, what):
    if type(value) is not kind:
        raise TypeError(f"the program's {what} returned {type(value).__name__}, not {kind.__name__}")
    return value


class ProgramObject:
    """A handle on one of the program's objects (functions, classes, instances, iterators)."""

    __slots__ = ("__program", "__id", "__type")

    def __init__(self, program, handle_id, type_name):
        object.__setattr__(self, "_ProgramObject__program", program)
        object.__setattr__(self, "_ProgramObject__id", handle_id)
        object.__setattr__(self, "_ProgramObject__type", type_name)

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__") and name not in _REMOTE_DUNDERS:
            raise AttributeError(name)
        return self.__program.value("get", self, name)

    def __setattr__(self, name, value):
        self.__program.value("set", self, name, value)

    def __delattr__(self, name):
        self.__program.value("del", self, name)

    def __call__(self, *args, **kwargs):
        return self.__program.call(self, args, kwargs)

    def __getitem__(self, key):
        return self.__program.value("item", self, key)

    def __setitem__(self, key, value):
        self.__program.value("setitem", self, key, value)

    def __delitem__(self, key):
        self.__program.value("delitem", self, key)

    def __len__(self):
        return _typed(self.__program.value("len", self), int, "__len__")

    def __bool__(self):
        return _typed(self.__program.value("bool", self), bool, "__bool__")

    def __str__(self):
        return _typed(self.__program.value("str", self), str, "__str__")

    def __repr__(self):
        return _typed(self.__program.value("repr", self), str, "__repr__")

    def __dir__(self):
        return [name for name in self.__program.value("dir", self) if type(name) is str]

    def __iter__(self):
        iterator = self.__program.value("iter", self)
        if type(iterator) is not ProgramObject:
            raise TypeError("the program's __iter__ returned no iterator")
        return iterator

    def __next__(self):
        return self.__program.value("next", self)

    def __contains__(self, item):
        # Decided here, on the plain items the program yields: its own __contains__ would be told
        # the value the test looks for.
        return any(member is item or member == item for member in self)

    def __instancecheck__(self, instance):
        return _typed(self.__program.value("isinstance", instance, self), bool, "isinstance")

    def __subclasscheck__(self, subclass):
        return _typed(self.__program.value("issubclass", subclass, self), bool, "issubclass")

    def __eq__(self, other):
        if other is self:
            return True
        raise _not_comparable(self, other)

    def __ne__(self, other):
        if other is self:
            return False
        raise _not_comparable(self, other)

    def __lt__(self, other):
        raise _not_comparable(self, other)

    __le__ = __gt__ = __ge__ = __lt__
    __hash__ = object.__hash__


class ProgramModule(types.ModuleType):
    """`import solution` / `from solution import name` in a test: reads go to the program's module."""

    def __init__(self, program, name):
        super().__init__(name)
        self.__dict__["_murphy_program"] = program

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        program = self.__dict__["_murphy_program"]
        return program.value("get", program.module, name)
