"""The judge's view of the program: a connection to the program's process, the program's objects
as handles, its exceptions rebuilt as the judge's own.

What comes back from the program is decoded by the strict codec: plain values, values of
well-known types rebuilt by their own constructors, handles (ProgramObject), exceptions and classes
the judge made itself. Nothing the program sends is looked up by name: no builtin, module or
attribute of the judge is reachable from a message. A handle forwards calls, attribute and item
access, len/str/repr/bool/iteration to the program, and every answer is again such a value. It
takes part in no comparison with anything but itself and in no arithmetic: `==`, `!=`, `<`...
raise NotPlainValue (arithmetic TypeError), so no expected value is ever handed to the program's
code and no comparison the program defines can hold (instances of the program's dataclasses
compare field by field, here).

The judge's own objects that a test passes to the program (a lambda, `str.lower`, a mock, a
generator) are lent: the program gets a handle it can call, iterate and read public attributes
of, and each such use runs here, while the judge waits for the answer to its own request.
"""
import collections
import types
import warnings

import codec
import stdlib_values
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


# Dunder attributes a test may read from the program's objects; other dunders are not forwarded
# (they are protocol lookups such as __deepcopy__ that the judge must not delegate).
_REMOTE_DUNDERS = frozenset({"__name__", "__qualname__", "__doc__", "__module__", "__dict__", "__annotations__", "__wrapped__"})
# The iteration protocol is the only place where StopIteration from the program means something.
_ENDS_ITERATION = (StopIteration, StopAsyncIteration)
_REPLIES = frozenset({"ok", "raise", "ready", "violation"})
# What a test's failure inside a callback the program called must not lose, even if the program
# catches what it was told: a refused comparison, a failed assert.
_STICKY = (NotPlainValue, AssertionError)


def _public(name):
    if type(name) is not str or name.startswith("_"):
        raise AttributeError("only public attributes of the test's objects can be read")
    return name


# Objects that reach the judge's interpreter itself (a generator's gi_frame, then f_globals and
# f_builtins): never lent, whatever public attribute or call of a lent object gives them.
_NEVER_LENT = (types.FrameType, types.CodeType, types.TracebackType, types.ModuleType)


# What the program may do with an object the test lent it; each runs here, on the judge's object.
_LENT_OPS = {
    "jcall": lambda target, args, kwargs: target(*args, **kwargs),
    "jget": lambda target, name: getattr(target, _public(name)),
    "jitem": lambda target, key: target[key],
    "jiter": iter,
    "jnext": next,
    "jlen": len,
    "jbool": bool,
    "jstr": str,
    "jrepr": repr,
    "jenter": lambda target: type(target).__enter__(target),
    "jexit": lambda target, kind, value: type(target).__exit__(target, kind, value, None),
}


class Program:
    """The connection to one program process, the handles and classes it gave the judge, and the
    judge's objects lent to it."""

    def __init__(self, fd, module_name):
        self.fd = fd
        self.module_name = module_name
        self.handles = {}  # id -> ProgramObject (one per remote object: identity is kept)
        self.classes = {}  # id -> the judge's class for the program's exception class
        self.class_ids = {}
        self.lent = []  # the judge's objects the program holds handles on (kept alive: ids stay unique)
        self.lent_ids = {}
        self.gone = None  # why the connection ended
        self.load_error = None  # the exception the program raised while it was loaded
        self.sticky = None  # a test failure raised in a callback, re-raised when the program answers
        self._arguments = ((), {})  # the arguments of the call being answered, for ["A", key]
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
        """Sends one request; returns (value, copied-back arguments) or raises what the program
        raised. The program's own requests (uses of lent objects) are answered meanwhile."""
        if self.gone is not None:
            raise ProgramGone(self.gone)
        try:
            data = codec.dumps(list(message), codec.Encoder(self._encode_extension))
        except codec.Refused as error:
            raise TypeError(str(error)) from None
        self._send(data)
        while True:
            reply = self._receive()
            if reply[0] in _REPLIES:
                break
            self._serve(reply)
        try:
            return self._reply(message[0], reply)
        finally:
            if self.sticky is not None:
                error, self.sticky = self.sticky, None
                raise error

    def value(self, *message):
        return self.request(*message)[0]

    def call(self, target, args, kwargs):
        outer, self._arguments = self._arguments, (args, kwargs)
        try:
            result, copied = self.request("call", target, list(args), kwargs)
        finally:
            self._arguments = outer
        for key, value in copied:
            original = args[key] if type(key) is int and 0 <= key < len(args) else kwargs.get(key) if type(key) is str else None
            refill(original, value)
        return result

    def _send(self, data):
        try:
            wire.send(self.fd, data)
        except wire.Closed as error:
            self._end(f"the program's process ended ({error})")

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
        if kind == "ok" and len(reply) == 4 and type(reply[2]) is list and type(reply[3]) is list:
            _rewarn(reply[3])
            return reply[1], [item for item in reply[2] if type(item) is list and len(item) == 2]
        if kind == "ready":
            return None, []
        if kind == "raise" and len(reply) == 2 and isinstance(reply[1], BaseException):
            error = reply[1]
            if isinstance(error, _ENDS_ITERATION) and op != "next":
                error = RuntimeError(f"the program raised {type(error).__name__}: {_text(error)}")
            raise error
        if kind == "violation":
            self._end(f"the program {reply[1] if len(reply) > 1 and type(reply[1]) is str else 'broke its sandbox'}", SandboxViolation)
        self._end("the program sent a malformed answer")

    def _serve(self, request):
        """Answers the program's use of a lent object; anything else ends the program's part."""
        operation = _LENT_OPS.get(request[0])
        if operation is None or not request[1:] or not self._is_lent(request[1]):
            self._end("the program sent a malformed request")
        try:
            result = operation(*request[1:])
            if isinstance(result, _NEVER_LENT):
                raise TypeError(f"a {type(result).__name__} of the test cannot be passed to the program")
            reply = ["ok", result]
        except ProgramGone:
            raise
        except BaseException as error:  # noqa: B036 (the test's callback raised it: the program is told)
            if isinstance(error, _STICKY) and self.sticky is None:
                self.sticky = error
            reply = ["raise", error]
        try:
            data = codec.dumps(reply, codec.Encoder(self._encode_extension))
        except codec.Refused as error:
            data = codec.dumps(["raise", TypeError(str(error))], codec.Encoder(self._encode_extension))
        self._send(data)

    def _is_lent(self, value):
        return id(value) in self.lent_ids and self.lent[self.lent_ids[id(value)]] is value

    def _lend(self, value):
        key = id(value)
        if key not in self.lent_ids or self.lent[self.lent_ids[key]] is not value:
            self.lent_ids[key] = len(self.lent)
            self.lent.append(value)
        return self.lent_ids[key]

    def _encode_extension(self, encoder, value, depth):
        if type(value) is ProgramObject:
            return ["h", object.__getattribute__(value, "_ProgramObject__id")]
        if isinstance(value, ProgramModule):
            return ["h", 0]
        if isinstance(value, type) and value in self.class_ids:
            return ["h", self.class_ids[value]]
        if isinstance(value, BaseException):
            # Only its class's nearest built-in base crosses, not its message: the program may
            # catch it, and its text could hold what the test expects.
            base = next(cls for cls in type(value).__mro__ if cls in stdlib_values.TYPES.values())
            return ["J", self._lend(value), encoder.node(base, depth + 1)]
        if isinstance(value, _NEVER_LENT):
            raise codec.Refused(f"a {type(value).__name__} cannot be passed to the program")
        return ["j", self._lend(value), type(value).__qualname__[:100]]

    def _decode_extension(self, decoder, node, depth):
        tag = node[0]
        if tag == "h" and len(node) in (3, 5) and type(node[1]) is int and type(node[2]) is str:
            handle = self.handles.get(node[1])
            if handle is None:
                fields = _fields(node[3:])
                handle = self.handles[node[1]] = ProgramObject(self, node[1], node[2][:200], fields)
            return handle
        if tag in ("j", "J") and len(node) >= 2 and type(node[1]) is int and 0 <= node[1] < len(self.lent):
            return self.lent[node[1]]
        if tag == "A" and len(node) == 2:
            args, kwargs = self._arguments
            key = node[1]
            if type(key) is int and 0 <= key < len(args):
                return args[key]
            if type(key) is str and key in kwargs:
                return kwargs[key]
        if tag == "x" and len(node) >= 3 and type(node[1]) is int and type(node[2]) is str:
            return self._mirror(decoder, node, depth)
        if tag == "X" and len(node) == 9 and type(node[8]) is int:
            error = self._exception(*(decoder.value(part, depth + 1) for part in node[1:8]))
            error.murphy_program = self.handles.get(node[8]) or self.handles.setdefault(node[8], ProgramObject(self, node[8], type(error).__name__))
            return error
        raise codec.Refused(f"unknown tag {str(tag)[:20]!r}")

    def _mirror(self, decoder, node, depth):
        """The judge's own class for one of the program's exception classes (so that
        pytest.raises(ProgramError) and `except ProgramError` work), made once per class."""
        bases = [decoder.value(base, depth + 1) for base in node[3:]]  # always: they number the message's values
        known = self.classes.get(node[1])
        if known is not None:
            return known
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

    def _exception(self, cls, args, attributes, message, frames, cause, context):
        """The program's exception, rebuilt from its class, arguments and attributes."""
        message = message if type(message) is str else ""
        if not (isinstance(cls, type) and issubclass(cls, BaseException)):
            cls, args = RuntimeError, (message,)
        args = args if type(args) is tuple else (message,)
        try:
            error = cls(*args)
        except Exception:  # a constructor of other arguments (JSONDecodeError(msg, doc, pos)): same class, same args
            try:
                error = cls.__new__(cls)
                error.args = args
            except Exception:
                error = RuntimeError(f"{cls.__name__}: {message}")
        if type(attributes) is dict:
            for name, value in attributes.items():
                if type(name) is str and not name.startswith(("_", "murphy")):
                    try:
                        setattr(error, name, value)
                    except Exception:
                        pass
        error.__cause__ = cause if isinstance(cause, BaseException) else None
        error.__context__ = context if isinstance(context, BaseException) else None
        error.murphy_remote = (f"{type(error).__name__}: {message}", [f for f in frames if _is_frame(f)] if type(frames) is list else [])
        return error


def _fields(extra):
    """The field names of an instance of the program's dataclass (compared field by field), else None."""
    if len(extra) == 2 and type(extra[0]) is int and type(extra[1]) is list and all(type(f) is str for f in extra[1]):
        return extra[0], tuple(extra[1])
    return None


def _rewarn(caught):
    """The warnings the program's call raised, raised again here (for pytest.warns and
    warnings.catch_warnings in the test)."""
    for item in caught:
        if type(item) is list and len(item) == 2 and isinstance(item[0], type) and issubclass(item[0], Warning) and type(item[1]) is str:
            warnings.warn(item[1], item[0], stacklevel=3)


def _is_frame(frame):
    return type(frame) is list and len(frame) == 3 and type(frame[0]) is str and type(frame[1]) is int and type(frame[2]) is str


def _text(error):
    try:
        return str(error)
    except BaseException:
        return "<unprintable>"


def refill(original, new):
    """Copies a mutated argument back into the judge's own object, in place (nested lists and
    dicts too), so that a test of an in-place operation sees the change."""
    if original is new:
        return
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
    elif type(original) is type(new):
        _refill_other(original, new)


def _refill_other(original, new):
    """In place, for the other mutable types that cross by value (byvalue.py)."""
    if isinstance(original, dict):  # Counter, OrderedDict, defaultdict
        original.clear()
        original.update(new)
    elif isinstance(original, (bytearray, collections.deque)):
        original.clear()
        original.extend(new)
    elif hasattr(original, "_update_inplace"):  # a pandas DataFrame or Series: how pandas' own inplace=True does it
        original._update_inplace(new)
    elif type(original).__module__ == "numpy" and original.shape == new.shape and original.dtype == new.dtype:
        original[...] = new


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

    __slots__ = ("__program", "__id", "__type", "__fields")

    def __init__(self, program, handle_id, type_name, fields=None):
        object.__setattr__(self, "_ProgramObject__program", program)
        object.__setattr__(self, "_ProgramObject__id", handle_id)
        object.__setattr__(self, "_ProgramObject__type", type_name)
        object.__setattr__(self, "_ProgramObject__fields", fields)  # (class id, field names) of a dataclass instance

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
        same = self.__same_fields(other)
        if same is not None:
            return same
        raise _not_comparable(self, other)

    def __ne__(self, other):
        return not self.__eq__(other)

    def __same_fields(self, other):
        """Dataclass equality, decided here: both of one program dataclass, with equal fields (read
        one by one, each a plain value or a handle compared the same way)."""
        mine = self.__fields
        if mine is None or type(other) is not ProgramObject or object.__getattribute__(other, "_ProgramObject__fields") != mine:
            return None
        return all(getattr(self, name) == getattr(other, name) for name in mine[1])

    def __lt__(self, other):
        raise _not_comparable(self, other)

    __le__ = __gt__ = __ge__ = __lt__
    __hash__ = object.__hash__


class ProgramModule(types.ModuleType):
    """`import solution` / `from solution import name` in a test: reads and writes (mock.patch of
    `solution.helper`) go to the program's module."""

    def __init__(self, program, name):
        super().__init__(name)
        self.__dict__["_murphy_program"] = program

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        program = self.__dict__["_murphy_program"]
        return program.value("get", program.module, name)

    def __setattr__(self, name, value):
        if name.startswith("__") and name.endswith("__"):
            super().__setattr__(name, value)
            return
        program = self.__dict__["_murphy_program"]
        program.value("set", program.module, name, value)

    def __delattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            super().__delattr__(name)
            return
        program = self.__dict__["_murphy_program"]
        program.value("del", program.module, name)
