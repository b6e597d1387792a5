"""Which values of well-known types cross by value, and how each is rebuilt.

A codec of one type family is a module with ENCODERS (a function of a value returning
(kind, parts) or None) and BUILDERS (kind -> a function of the decoded parts). The parts are
encoded and decoded by the codec like any value, so a builder only ever sees plain values and
rebuilds the object with the type's own constructor: nothing is looked up by a name the other side
sent (a kind selects one of the builders listed here), nothing is unpickled or evaluated.
The scientific family (numpy, pandas) is consulted only for values of those modules' types, and
imports them only to rebuild a value of theirs (both sides run the same interpreter).
"""
import science_values
import stdlib_values

_BUILDERS = {**stdlib_values.BUILDERS, **science_values.BUILDERS}


def encode(value):
    """(kind, parts) of a value of a well-known type; (None, stand-in) for a plain stand-in; else None."""
    found = stdlib_values.encode(value)
    if found is None and type(type(value).__module__) is str and type(value).__module__.partition(".")[0] in science_values.MODULES:
        found = science_values.encode(value)
    return found


def build(kind, parts):
    builder = _BUILDERS.get(kind)
    if builder is None:
        raise ValueError(f"no well-known type {kind[:40]!r}")
    return builder(*parts)
