"""The strict codec: the only form in which values cross between the judge and the program.

A value is tagged JSON: JSON scalars for None, bool, int, float and str; ["l", ...] list,
["t", ...] tuple, ["S", ...] set, ["F", ...] frozenset, ["d", k, v, ...] dict, ["y", hex] bytes,
["c", re, im] complex, ["i", hex] an int too long for JSON; ["V", kind, part, ...] a value of a
well-known type (datetime, Decimal, a namedtuple, a numpy array, a DataFrame...: byvalue.py), whose
parts are encoded values again and which its own constructor rebuilds from them; ["r", n] the n-th
list, dict, set or well-known value of the message again (so a value referenced twice stays one
object). Every other tag is an extension the caller resolves (handles, exceptions): none names
anything to look up. Decoding builds only these types (json builds only exact built-ins, no JSON
object is accepted), so bytes from the other side never become an object with behaviour of its own.
Subclasses of the built-in types that are not well-known are sent as their base value (an IntEnum as
an int); the other side never sees the subclass.
"""
import json

import byvalue

MAX_ITEMS = 16_000_000
MAX_DEPTH = 200
MAX_BYTES = 128 << 20
_BIG_INT_BITS = 12_000  # beyond this json's int/str conversion limit could refuse the number
_BIG_INT = 1 << _BIG_INT_BITS


class Refused(Exception):
    """A value that cannot cross (too large, too deep, malformed, or of no allowed type)."""


_CONTAINERS = {list: "l", tuple: "t", set: "S", frozenset: "F"}
# Values whose identity matters: a second reference in the same message becomes ["r", n]. Both sides
# number them in the order their nodes end (children first).
_MEMO_TAGS = frozenset({"l", "d", "S", "V"})
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


def inline(item):
    """Whether a list item is its own JSON (the fast path for long lists of numbers and strings)."""
    kind = type(item)
    return kind is str or kind is float or item is None or kind is bool or (kind is int and -_BIG_INT < item < _BIG_INT)


def _big_int(value):
    return ["i", format(value, "x")]


class Encoder:
    """Encodes one message; `extension(encoder, value, depth)` returns the node of a value of no type
    this module knows (or raises Refused). `aliases` maps id(value) to a node sent instead (a call's arguments)."""

    def __init__(self, extension):
        self.extension = extension
        self.items = 0
        self.aliases = {}
        self._memo = {}  # id -> index of a value already encoded
        self._keep = []  # every memoized value stays alive, so no id is reused while encoding
        self._open = set()  # ids being encoded: a value that contains itself cannot cross

    def node(self, value, depth=0):
        self.items += 1
        if self.items > MAX_ITEMS or depth > MAX_DEPTH:
            raise Refused("the value is too large or too deeply nested")
        if inline(value):
            return value
        kind = type(value)
        if kind is int:
            return _big_int(value)
        key = id(value)
        alias = self.aliases.get(key)
        if alias is not None:
            return alias
        index = self._memo.get(key)
        if index is not None:
            return ["r", index]
        if key in self._open:
            raise Refused("a value that contains itself cannot cross")
        self._open.add(key)
        try:
            node = self._compound(value, kind, depth)
        finally:
            self._open.discard(key)
        if type(node) is list and node[0] in _MEMO_TAGS:
            self._memo[key] = len(self._keep)
            self._keep.append(value)
        return node

    def _compound(self, value, kind, depth):
        tag = _CONTAINERS.get(kind)
        if tag is not None:
            if kind is list:
                self.items += len(value)
                return [tag, *(item if inline(item) else self.node(item, depth + 1) for item in value)]
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
        known = byvalue.encode(value)
        if known is not None:
            kind_name, parts = known
            if kind_name is None:  # a plain stand-in (a memoryview's bytes)
                return self._compound(parts, type(parts), depth)
            return ["V", kind_name, *(self.node(part, depth + 1) for part in parts)]
        copy = base_value(value)
        if copy is not None:  # not memoized apart from `value`: both sides count one node
            if inline(copy) or type(copy) is int:
                return copy if inline(copy) else _big_int(copy)
            return self._compound(copy, type(copy), depth)
        return self.extension(self, value, depth)


def serialize(node):
    """One message's bytes from its node."""
    data = json.dumps(node, separators=(",", ":")).encode()
    if len(data) > MAX_BYTES:
        raise Refused(f"the value is larger than {MAX_BYTES} bytes encoded")
    return data


def dumps(value, encoder):
    """One message's bytes, by `encoder` (an Encoder: a fresh one per message counts its items)."""
    return serialize(encoder.node(value))


def _pairs(items):
    if len(items) % 2:
        raise Refused("a dict with a key and no value")
    return {items[i]: items[i + 1] for i in range(0, len(items), 2)}


_BUILD = {
    "l": list, "t": tuple, "S": set, "F": frozenset, "d": _pairs,
}


class Decoder:
    """Builds values from nodes; `extension(decoder, node, depth)` resolves the tags this module does
    not know. One Decoder per message (it numbers the message's values for ["r", n])."""

    def __init__(self, extension):
        self.extension = extension
        self.memo = []

    def value(self, node, depth=0):
        kind = type(node)
        if node is None or kind is bool or kind is int or kind is float or kind is str:
            return node
        if kind is not list or not node or type(node[0]) is not str or depth > MAX_DEPTH:
            raise Refused("not an encoded value")
        tag = node[0]
        build = _BUILD.get(tag)
        if build is not None:
            value = build([item if inline(item) else self.value(item, depth + 1) for item in node[1:]])
        elif tag == "V" and len(node) >= 2 and type(node[1]) is str:
            value = byvalue.build(node[1], [self.value(item, depth + 1) for item in node[2:]])
        elif tag == "r" and len(node) == 2 and type(node[1]) is int and 0 <= node[1] < len(self.memo):
            return self.memo[node[1]]
        elif tag == "y" and len(node) == 2 and type(node[1]) is str:
            return bytes.fromhex(node[1])
        elif tag == "c" and len(node) == 3 and all(type(x) in (int, float) for x in node[1:]):
            return complex(node[1], node[2])
        elif tag == "i" and len(node) == 2 and type(node[1]) is str:
            return int(node[1], 16)
        else:
            return self.extension(self, node, depth)
        if tag in _MEMO_TAGS:
            self.memo.append(value)
        return value


def parse(data):
    """The node of one message (JSON of exact built-ins only)."""
    if len(data) > MAX_BYTES:
        raise Refused("the message is too large")
    try:
        return json.loads(data)
    except (ValueError, RecursionError, MemoryError) as error:
        raise Refused(f"not an encoded value: {type(error).__name__}") from None


def loads(data, extension):
    """The value of one message; raises Refused for anything malformed."""
    return decode(parse(data), Decoder(extension))


def decode(node, decoder):
    """The value of a node; whatever a constructor refuses becomes Refused."""
    try:
        return decoder.value(node)
    except Refused:
        raise
    except Exception as error:  # a constructor's refusal of its parts (ValueError, TypeError, OverflowError...)
        raise Refused(f"not an encoded value: {type(error).__name__}: {str(error)[:200]}") from None
