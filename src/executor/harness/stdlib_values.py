"""Standard-library values that cross by value (see byvalue.py): datetime, Decimal, Fraction, the
collections types, namedtuples with their field names, bytes-like values (array.array too), ranges,
slices, dict views, paths, members of a fixed table of standard enums, and a fixed table of
built-in classes (int, str, ValueError...), which are the same object on both sides."""
import array
import builtins
import collections
import datetime
import decimal
import enum
import fractions
import pathlib
import sys

# Built-in classes that may be passed as values (`cast(x, int)`, an exception's class): data types
# and exceptions only, never a function (`exec`, `breakpoint`) or a class-making one (`type`).
_DATA_TYPES = (bool, int, float, complex, str, bytes, bytearray, list, tuple, dict, set, frozenset, range, slice)
TYPES = {cls.__name__: cls for cls in _DATA_TYPES}
TYPES.update((name, cls) for name, cls in vars(builtins).items()
             if isinstance(cls, type) and issubclass(cls, BaseException) and not name.startswith("_"))
_TYPE_NAMES = {cls: name for name, cls in TYPES.items()}

# Enums of the standard library that values of programs carry; a member crosses as its class's key
# in this fixed table and its value (other enums go as their base value: an IntEnum as an int).
_ENUMS = frozenset({"http.HTTPStatus", "http.HTTPMethod", "re.RegexFlag", "signal.Signals", "socket.AddressFamily",
                    "socket.SocketKind", "uuid.SafeUUID", "inspect._ParameterKind", "ssl.TLSVersion", "ssl.VerifyMode",
                    "calendar.Month", "calendar.Day"})


def _enum_class(key):
    """The class, if its module is loaded on this side (nothing is imported for the other side)."""
    module, _, name = key.partition(".")
    return getattr(sys.modules.get(module), name, None)


def _enum(value):
    cls = type(value)
    key = f"{cls.__module__}.{cls.__qualname__}"
    return ("enum", (key, value.value)) if key in _ENUMS and _enum_class(key) is cls else None


def _build_enum(key, value):
    if key not in _ENUMS:
        raise ValueError("not a well-known enum")
    cls = _enum_class(key)
    return value if cls is None else cls(value)  # a test that never imported the enum compares its value


_KEYS, _VALUES, _ITEMS = type({}.keys()), type({}.values()), type({}.items())
_ORDERED = collections.OrderedDict()
_OKEYS, _OVALUES, _OITEMS = type(_ORDERED.keys()), type(_ORDERED.values()), type(_ORDERED.items())


def _datetime(v):
    if not _plain_tz(v.tzinfo):
        return None
    return "datetime", (v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond, v.tzinfo, v.fold)


def _time(v):
    if not _plain_tz(v.tzinfo):
        return None
    return "time", (v.hour, v.minute, v.second, v.microsecond, v.tzinfo, v.fold)


def _plain_tz(tz):
    return tz is None or type(tz) is datetime.timezone or _zone_key(tz) is not None


def _zone_key(tz):
    """The key of a zoneinfo.ZoneInfo (rebuilt from the system's time zone files by that key)."""
    kind = type(tz)
    return tz.key if kind.__name__ == "ZoneInfo" and kind.__module__ == "zoneinfo" and type(tz.key) is str else None


def _timezone(v):
    name = v.tzname(None)
    return "timezone", (v.utcoffset(None), None if v == datetime.timezone(v.utcoffset(None)) else name)


def _build_timezone(offset, name):
    return datetime.timezone(offset) if name is None else datetime.timezone(offset, name)


def _build_zone(key):
    import zoneinfo

    return zoneinfo.ZoneInfo(key)


_ENCODERS = {
    datetime.datetime: _datetime,
    datetime.date: lambda v: ("date", (v.year, v.month, v.day)),
    datetime.time: _time,
    datetime.timedelta: lambda v: ("timedelta", (v.days, v.seconds, v.microseconds)),
    datetime.timezone: _timezone,
    decimal.Decimal: lambda v: ("Decimal", (str(v),)),
    fractions.Fraction: lambda v: ("Fraction", (v.numerator, v.denominator)),
    collections.deque: lambda v: ("deque", (list(v), v.maxlen)),
    collections.OrderedDict: lambda v: ("OrderedDict", (list(v.items()),)),
    collections.defaultdict: lambda v: ("defaultdict", (v.default_factory, dict(v))),
    collections.Counter: lambda v: ("Counter", (dict(v),)),
    collections.ChainMap: lambda v: ("ChainMap", (list(v.maps),)),
    bytearray: lambda v: ("bytearray", (bytes(v),)),
    memoryview: lambda v: (None, v.tobytes()),
    range: lambda v: ("range", (v.start, v.stop, v.step)),
    slice: lambda v: ("slice", (v.start, v.stop, v.step)),
    _KEYS: lambda v: ("keys", (list(v),)),
    _VALUES: lambda v: ("values", (list(v),)),
    _ITEMS: lambda v: ("items", (list(v),)),
    _OKEYS: lambda v: ("keys", (list(v),)),
    _OVALUES: lambda v: ("values", (list(v),)),
    _OITEMS: lambda v: ("items", (list(v),)),
    array.array: lambda v: ("array", (v.typecode, v.tobytes())),
    type: lambda v: ("type", (_TYPE_NAMES[v],)) if v in _TYPE_NAMES else None,
}


def encode(value):
    encoder = _ENCODERS.get(type(value))
    if encoder is not None:
        return encoder(value)
    key = _zone_key(value)
    if key is not None:
        return "zoneinfo", (key,)
    if isinstance(value, enum.Enum):
        return _enum(value)
    if isinstance(value, pathlib.PurePath):  # tmp_path / "a.txt" passed to the program
        return "path", (str(value), isinstance(value, pathlib.Path))
    return _namedtuple(value)


def _namedtuple(value):
    if not isinstance(value, tuple):
        return None
    fields = getattr(type(value), "_fields", None)
    if type(fields) is not tuple or not all(type(f) is str for f in fields) or len(fields) != tuple.__len__(value):
        return None
    return "namedtuple", (type(value).__name__, list(fields), list(tuple.__iter__(value)))


_NAMEDTUPLES = {}  # (name, fields) -> class: one class per shape, so values of one shape share it


def _build_namedtuple(name, fields, values):
    key = (name, tuple(fields))
    cls = _NAMEDTUPLES.get(key)
    if cls is None:
        if len(_NAMEDTUPLES) >= 1000:
            raise ValueError("too many namedtuple classes")
        cls = _NAMEDTUPLES[key] = collections.namedtuple(name, fields)  # checks both are identifiers
    return cls(*values)


def _build_type(name):
    return TYPES[name]


def _ints(*values):
    if not all(type(v) is int for v in values):
        raise TypeError("not an int")
    return values


BUILDERS = {
    "datetime": lambda *parts: datetime.datetime(*parts[:-1], fold=parts[-1]),
    "date": datetime.date,
    "time": lambda *parts: datetime.time(*parts[:-1], fold=parts[-1]),
    "timedelta": lambda days, seconds, micro: datetime.timedelta(*_ints(days, seconds, micro)),
    "timezone": _build_timezone,
    "zoneinfo": _build_zone,
    "Decimal": lambda text: decimal.Decimal(_str(text)),
    "Fraction": lambda n, d: fractions.Fraction(*_ints(n, d)),
    "deque": collections.deque,
    "OrderedDict": collections.OrderedDict,
    "defaultdict": lambda factory, items: collections.defaultdict(factory, items),
    "Counter": lambda items: collections.Counter(dict(items)),
    "ChainMap": lambda maps: collections.ChainMap(*maps),
    "bytearray": bytearray,
    "array": lambda typecode, data: array.array(_str(typecode), data),
    "range": lambda *v: range(*_ints(*v)),
    "slice": slice,
    "keys": lambda keys: dict.fromkeys(keys).keys(),
    "values": lambda values: dict(enumerate(values)).values(),
    "items": lambda items: dict(items).items(),
    "namedtuple": _build_namedtuple,
    "path": lambda text, concrete: (pathlib.Path if concrete is True else pathlib.PurePath)(_str(text)),
    "type": _build_type,
    "enum": _build_enum,
}


def _str(value):
    if type(value) is not str:
        raise TypeError("not a str")
    return value
