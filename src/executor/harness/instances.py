"""Library classes answer isinstance for the program's objects: `isinstance(ax, plt.Axes)`,
`self.assertIsInstance(model, LinearRegression)` with an object that stays in the program's process.

The judge never resolves a name the program sent: it sends the program the module and qualified name
of the test's own class, the program looks that class up in its own process and answers whether its
object is an instance, a claim of the program's like len() or str(). Test code gets an isinstance
that asks when the plain check fails on a handle; unittest's assertIsInstance uses it too.
"""
import builtins
import unittest

import proxy

_isinstance = builtins.isinstance


def _named(cls):
    """(module, qualname) of a class of the judge's, else None (a handle, a class made in a test)."""
    if not _isinstance(cls, type) or type(cls) is proxy.ProgramObject:
        return None
    module, qualname = getattr(cls, "__module__", None), getattr(cls, "__qualname__", None)
    if type(module) is not str or type(qualname) is not str or "<" in qualname:
        return None
    return [module, qualname]


def checker(program):
    """isinstance for the test's code: the program is asked only about its own objects."""

    def isinstance(obj, classinfo):  # noqa: A001 (stands in for the builtin)
        plain = _isinstance(obj, classinfo)
        if plain or type(obj) is not proxy.ProgramObject:
            return plain
        classes = classinfo if type(classinfo) is tuple else (classinfo,)
        names = [name for name in map(_named, classes) if name is not None]
        return bool(names) and program.value("instance_of", obj, names) is True

    return isinstance


_checks = []  # the isinstance of this judge's test code, once made


def raised_as(error, expected):
    """The class of `expected` that the program's exception `error` is an instance of, asked of the
    program when the judge's rebuilt class is not one (a library's: json.JSONDecodeError), else None.
    pytest.raises (the shim) and unittest's assertRaises accept it."""
    handle = getattr(error, "murphy_program", None)
    if type(handle) is not proxy.ProgramObject or not _checks:
        return None
    classes = expected if type(expected) is tuple else (expected,)
    return next((cls for cls in classes if _checks[0](handle, cls)), None)


def _assert_raises_asks():
    """unittest's assertRaises(LibraryError) accepts the program's exception of that class."""
    context = unittest.case._AssertRaisesContext
    leave = context.__exit__

    def __exit__(self, kind, value, traceback):
        if kind is not None and not issubclass(kind, self.expected):
            kind = raised_as(value, self.expected) or kind
        return leave(self, kind, value, traceback)

    context.__exit__ = __exit__


def test_builtins(program):
    """The builtins test code runs with: the interpreter's own, with isinstance that can ask."""
    space = dict(vars(builtins))
    space["isinstance"] = check = checker(program)

    def assert_is_instance(self, obj, cls, msg=None):
        if not check(obj, cls):
            self.fail(self._formatMessage(msg, f"{obj!r} is not an instance of {cls!r}"))

    def assert_not_is_instance(self, obj, cls, msg=None):
        if check(obj, cls):
            self.fail(self._formatMessage(msg, f"{obj!r} is an instance of {cls!r}"))

    unittest.TestCase.assertIsInstance = assert_is_instance
    unittest.TestCase.assertNotIsInstance = assert_not_is_instance
    _checks[:] = [check]
    _assert_raises_asks()
    return space
