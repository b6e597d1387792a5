"""The strict codec: the only form in which values cross between the judge and the program.

A value is tagged JSON built of exact built-in types: JSON scalars for None, bool, int, float and
str; ["l", ...] list, ["t", ...] tuple, ["S", ...] set, ["F", ...] frozenset, ["d", k, v, ...]
dict, ["y", hex] bytes, ["c", re, im] complex, ["i", hex] an int too long for JSON. Every other
tag is an extension the caller resolves (the program's objects as handles, built-in names).
Decoding builds nothing but those types (json builds only exact built-ins, no JSON object is
accepted), so bytes from the program can never become an object with its own behaviour.
Subclasses of the built-in types are sent as their base value (a namedtuple as a tuple, a Counter
as a dict, an IntEnum as an int); the other side never sees the subclass.
"""
import json

MAX_ITEMS = 1_000_000
MAX_DEPTH = 100
MAX_BYTES = 64 << 20
_BIG_INT_BITS = 12_000  # beyond this json's int/str conversion limit could refuse the number


class Refused(Exception):
    """A value that cannot cross (too large, too deep, malformed, or of no allowed type)."""


_CONTAINERS = {list: "l", tuple: "t", set: "S", frozenset: "F"}
# Exact copies of subclass instances, through the base type's own methods (a subclass's
# overrides, e.g. __iter__ or __int__, are not called).
_BASE_COPIES = (
    (bool, bool.__bool__), (int, int.__int__), (float, float.__float__), (complex, lambda v: complex(v.real, v.imag)),
    (str, str.__str__), (bytes, lambda v: bytes.__getitem__(v, slice(None))),
    (list, lambda v: list(list.__iter__(v))), (tuple, lambda v: tuple(tuple.__iter__(v))),
    (dict, lambda v: dict(dict.items(v))), (set, lambda v: set(set.__iter__(v))),
    (frozenset, lambda v: frozenset(frozenset.__iter__(v))),
)


def base_value(value):
    """The exact built-in copy of an instance of a built-in type's subclass, else None."""
    for base, copy in _BASE_COPIES:
        if isinstance(value, base):
            return copy(value)
    return None


class Encoder:
    """Encodes one message; `extension(value)` returns the node of a value of no built-in type
    (or raises Refused)."""

    def __init__(self, extension):
        self.extension = extension
        self.items = 0

    def node(self, value, depth=0):
        self.items += 1
        if self.items > MAX_ITEMS or depth > MAX_DEPTH:
            raise Refused("the value is too large or too deeply nested")
        kind = type(value)
        if value is None or kind is bool or kind is str or kind is float:
            return value
        if kind is int:
            return value if value.bit_length() < _BIG_INT_BITS else ["i", format(value, "x")]
        tag = _CONTAINERS.get(kind)
        if tag is not None:
            return [tag, *(self.node(item, depth + 1) for item in value)]
        if kind is dict:
            flat = ["d"]
            for key, item in value.items():
                flat.append(self.node(key, depth + 1))
                flat.append(self.node(item, depth + 1))
            return flat
        if kind is bytes:
            return ["y", value.hex()]
        if kind is complex:
            return ["c", value.real, value.imag]
        copy = base_value(value)
        if copy is not None:
            return self.node(copy, depth)
        return self.extension(value)


def dumps(value, encoder):
    """One message's bytes, by `encoder` (an Encoder: a fresh one per message counts its items)."""
    data = json.dumps(encoder.node(value), separators=(",", ":")).encode()
    if len(data) > MAX_BYTES:
        raise Refused(f"the value is larger than {MAX_BYTES} bytes encoded")
    return data


def _pairs(items):
    if len(items) % 2:
        raise Refused("a dict with a key and no value")
    return {items[i]: items[i + 1] for i in range(0, len(items), 2)}


_BUILD = {
    "l": list, "t": tuple, "S": set, "F": frozenset, "d": _pairs,
}


class Decoder:
    """Builds values from nodes; `extension(node)` resolves the tags this module does not know."""

    def __init__(self, extension):
        self.extension = extension

    def value(self, node, depth=0):
        kind = type(node)
        if node is None or kind is bool or kind is int or kind is float or kind is str:
            return node
        if kind is not list or not node or type(node[0]) is not str or depth > MAX_DEPTH:
            raise Refused("not an encoded value")
        tag = node[0]
        build = _BUILD.get(tag)
        if build is not None:
            return build([self.value(item, depth + 1) for item in node[1:]])
        if tag == "y" and len(node) == 2 and type(node[1]) is str:
            return bytes.fromhex(node[1])
        if tag == "c" and len(node) == 3 and all(type(x) in (int, float) for x in node[1:]):
            return complex(node[1], node[2])
        if tag == "i" and len(node) == 2 and type(node[1]) is str:
            return int(node[1], 16)
        return self.extension(node, depth)


def loads(data, extension):
    """The value of one message; raises Refused for anything malformed."""
    if len(data) > MAX_BYTES:
        raise Refused("the message is too large")
    try:
        return Decoder(extension).value(json.loads(data))
    except Refused:
        raise
    except (ValueError, TypeError, RecursionError, MemoryError, IndexError) as error:
        raise Refused(f"not an encoded value: {type(error).__name__}") from None
