"""Plain-data copies of values, so comparisons happen in the trusted runner, never in the program.

The test process encodes what an expression produced into tagged JSON made only of exact built-in
types; objects with their own __eq__ cannot be encoded and so cannot lie to a comparison. The
runner decodes with a decoder that builds nothing but built-in values.
"""
import collections
import json

_MAX_ITEMS = 200_000
_MAX_DEPTH = 64
# Standard-library containers whose equality with plain dicts is trusted and order-independent.
_DICT_LIKE = (collections.OrderedDict, collections.defaultdict, collections.Counter)


class Unencodable(Exception):
    """The value is not plain data (or too large): only its type name is reported."""


def _normalized(value):
    """Exact built-in copy of a subclass that keeps its base's equality, else None."""
    kind = type(value)
    if kind in _DICT_LIKE:
        return dict(dict.items(value))
    for base, copy in _COPIES:
        if isinstance(value, base) and kind.__eq__ is base.__eq__ and kind.__ne__ is base.__ne__:
            return copy(value)
    return None


_COPIES = (
    (int, int.__int__), (float, float.__float__), (str, str.__str__),
    (bytes, lambda v: bytes.__getitem__(v, slice(None))),
    (list, lambda v: list.__getitem__(v, slice(None))),
    (tuple, lambda v: tuple.__getitem__(v, slice(None))),
    (dict, lambda v: dict(dict.items(v))),
    (set, lambda v: set(set.__iter__(v))),
    (frozenset, lambda v: frozenset(frozenset.__iter__(v))),
)


class _Encoder:
    def __init__(self):
        self.items = 0

    def encode(self, value, depth=0):
        self.items += 1
        if self.items > _MAX_ITEMS or depth > _MAX_DEPTH:
            raise Unencodable("value too large or too deeply nested")
        kind = type(value)
        scalar = _SCALARS.get(kind)
        if scalar is not None:
            return scalar(value)
        if kind in (list, tuple, set, frozenset):
            tag = {list: "l", tuple: "t", set: "S", frozenset: "F"}[kind]
            return [tag, [self.encode(item, depth + 1) for item in value]]
        if kind is dict:
            return ["d", [[self.encode(k, depth + 1), self.encode(v, depth + 1)] for k, v in value.items()]]
        plain = _normalized(value)
        if plain is None:
            raise Unencodable(kind.__qualname__)
        return self.encode(plain, depth)


_SCALARS = {
    type(None): lambda v: ["n"],
    bool: lambda v: ["b", v],
    int: lambda v: ["i", str(v)],
    float: lambda v: ["f", repr(v)],
    complex: lambda v: ["c", repr(v.real), repr(v.imag)],
    str: lambda v: ["s", v],
    bytes: lambda v: ["y", v.hex()],
}


def encode(value):
    """Tagged JSON text of a plain value; raises Unencodable for anything else."""
    return json.dumps(_Encoder().encode(value))


_DECODERS = {
    "n": lambda node, d: None,
    "b": lambda node, d: bool(node[1]),
    "i": lambda node, d: int(node[1]),
    "f": lambda node, d: float(node[1]),
    "c": lambda node, d: complex(float(node[1]), float(node[2])),
    "s": lambda node, d: str(node[1]),
    "y": lambda node, d: bytes.fromhex(node[1]),
    "l": lambda node, d: [d(x) for x in node[1]],
    "t": lambda node, d: tuple(d(x) for x in node[1]),
    "S": lambda node, d: set(d(x) for x in node[1]),
    "F": lambda node, d: frozenset(d(x) for x in node[1]),
    "d": lambda node, d: {d(k): d(v) for k, v in node[1]},
}


def decode(text):
    """Inverse of encode; builds only built-in values (raises ValueError on anything else)."""

    def build(node):
        if not isinstance(node, list) or not node or node[0] not in _DECODERS:
            raise ValueError("not an encoded value")
        return _DECODERS[node[0]](node, build)

    try:
        return build(json.loads(text))
    except (TypeError, KeyError, IndexError, RecursionError) as error:
        raise ValueError(f"not an encoded value: {error}") from None

