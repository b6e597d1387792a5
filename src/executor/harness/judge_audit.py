"""The judge runs no code it did not load itself: an audit hook, installed once the judge is set up.

Test code may hand the program's output to eval, exec, compile, pickle.loads, pdb.run, timeit or
an import of a file the program wrote. Whatever runs in the judge decides the verdict, so none of
these may turn program data into code there: the hook refuses
- compiling source, except by the import system (it loads only modules of the judge's own
  read-only library path, see `import` and `open` below; Cython modules compile glue as they
  start) and by library code loaded from that path (matplotlib parses its own rc settings,
  namedtuple and dataclasses compile text they generate from validated names, ast only parses),
  minus the modules whose job is to run text they are handed (pdb, timeit, doctest, runpy, code,
  profile, trace, sympy's parser); typing and inspect may evaluate a string annotation or a text
  signature only as an expression of names without calls;
- loading byte code (marshal) or opening a module's file outside that path, and importing a module
  that a directory outside it on sys.path (one the test added) holds;
- building code objects from test code, and native libraries (ctypes) the test directory holds;
- unpickling anything but plain data: built-in containers, datetime, decimal, fractions,
  collections and the reconstructors of numpy arrays and pandas objects.
Test code was compiled by the runner before the judge started, so none of this touches it. A
refusal raises PermissionError and is remembered: the test's report becomes a SandboxViolation
whatever the test did with the error, so a refused attempt never passes. Audit hooks cannot be
removed; starting other programs is refused by the seccomp filter anyway.
"""
import dis
import os
import sys

# Library modules that compile text they are handed: test code passing program output to them would
# run it here, so they may not compile.
_EVALUATORS = ("/pdb.py", "/bdb.py", "/timeit.py", "/doctest.py", "/runpy.py", "/code.py", "/codeop.py", "/profile.py",
               "/cProfile.py", "/trace.py", "/pydoc.py", "/rlcompleter.py", "/importlib/", "/sympy/parsing/",
               "/sympy/core/sympify.py")
# Modules that evaluate text as an expression of names: string annotations (typing's ForwardRef,
# inspect's eval_str) and builtins' text signatures (inspect). What they may run of it: names,
# attributes, subscripts and unions, never a call.
_EXPRESSION_EVALUATORS = ("typing.py", "inspect.py")
_EXPRESSION_OF_NAMES = frozenset({"RESUME", "NOP", "CACHE", "EXTENDED_ARG", "LOAD_NAME", "LOAD_GLOBAL", "LOAD_ATTR", "LOAD_CONST",
                              "BINARY_SUBSCR", "BUILD_TUPLE", "BUILD_LIST", "BINARY_OP", "RETURN_VALUE", "RETURN_CONST"})
_IMPORT_SYSTEM = ("<frozen importlib._bootstrap>", "<frozen importlib._bootstrap_external>", "<frozen zipimport>")
_UNPICKLABLE = {
    "builtins": {"set", "frozenset", "list", "dict", "tuple", "bytearray", "bytes", "complex", "int", "float", "str",
                 "bool", "slice", "range", "object"},
    "copyreg": {"_reconstructor", "__newobj__", "__newobj_ex__"},
    "_codecs": {"encode"},
    "collections": {"OrderedDict", "defaultdict", "deque", "Counter", "ChainMap"},
    "datetime": {"date", "datetime", "time", "timedelta", "timezone"},
    "decimal": {"Decimal"},
    "fractions": {"Fraction"},
    "numpy": {"ndarray", "dtype", "bool_", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
              "float16", "float32", "float64", "complex64", "complex128", "str_", "bytes_", "datetime64", "timedelta64"},
    "numpy.core.multiarray": {"_reconstruct", "scalar"},
    "numpy._core.multiarray": {"_reconstruct", "scalar"},
    "numpy.core.numeric": {"_frombuffer"},
    "numpy._core.numeric": {"_frombuffer"},
    "pandas.core.frame": {"DataFrame"},
    "pandas.core.series": {"Series"},
    "pandas.core.indexes.base": {"Index", "_new_Index"},
    "pandas.core.indexes.range": {"RangeIndex"},
    "pandas.core.indexes.multi": {"MultiIndex"},
    "pandas.core.indexes.datetimes": {"DatetimeIndex", "_new_DatetimeIndex"},
    "pandas.core.internals.managers": {"BlockManager", "SingleBlockManager"},
    "pandas._libs.internals": {"_unpickle_block"},
    "pandas.core.internals.blocks": {"new_block"},
    "pandas._libs.tslibs.timestamps": {"_unpickle_timestamp"},
    "pandas._libs.tslibs.timedeltas": {"_timedelta_unpickle"},
    "pandas.core.arrays.categorical": {"Categorical"},
    "pandas.core.dtypes.dtypes": {"CategoricalDtype"},
}

refused = []  # events refused since the judge started, for its reports


class _Policy:
    def __init__(self, library_dirs, test_dir):
        harness = os.path.dirname(os.path.realpath(__file__))
        self.library = tuple(os.path.join(os.path.realpath(d), "") for d in (*library_dirs, harness))
        self.test_dir = os.path.join(os.path.realpath(test_dir), "")
        stdlib = {os.path.dirname(os.__file__), os.path.dirname(os.path.realpath(os.__file__))}  # as frames name it
        self.evaluators = frozenset(os.path.join(directory, name) for directory in stdlib for name in _EXPRESSION_EVALUATORS)
        self.known_paths = {}

    def in_library(self, path):
        if not isinstance(path, (str, bytes)):
            return False
        path = os.fsdecode(path)
        known = self.known_paths.get(path)
        if known is None:
            real = os.path.join(os.path.realpath(path), "")
            known = self.known_paths[path] = real.startswith(self.library) and not real.startswith(self.test_dir)
        return known

    def found_elsewhere(self, name, path):
        """Whether a directory on `path` outside the library (one a test added, e.g. tmp_path) holds
        something module `name` could be loaded from: a native module there would run unaudited."""
        top = name.partition(".")[0] if type(name) is str else ""
        for entry in path if type(path) is list else ():
            if self.in_library(entry):
                continue
            try:
                names = os.listdir(entry or ".")
            except (OSError, TypeError):
                continue
            if any(found == top or found.startswith(top + ".") for found in names):
                return True
        return False

    def allows(self, event, args, caller):
        if event == "compile":
            return caller in _IMPORT_SYSTEM or (self.in_library(caller) and not any(e in caller for e in _EVALUATORS))
        if event == "exec":
            return caller not in self.evaluators or all(i.opname in _EXPRESSION_OF_NAMES for i in dis.get_instructions(args[0]))
        if event in ("marshal.loads", "marshal.load"):
            return caller in _IMPORT_SYSTEM
        if event == "open":
            return caller not in _IMPORT_SYSTEM or self.in_library(args[0])
        if event == "import":
            return not self.found_elsewhere(args[0], args[2])
        if event == "code.__new__":
            return self.in_library(caller)
        if event == "ctypes.dlopen":
            return args[0] is None or "/" not in os.fsdecode(args[0]) or self.in_library(args[0])
        if event == "pickle.find_class":
            return args[1] in _UNPICKLABLE.get(args[0], ())
        return True


_WATCHED = frozenset({"compile", "exec", "marshal.loads", "marshal.load", "open", "import", "code.__new__", "ctypes.dlopen",
                      "pickle.find_class"})


def install(library_dirs, test_dir):
    """From here on the judge refuses to make code of anything but its own read-only library."""
    policy = _Policy(library_dirs, test_dir)
    watched = _WATCHED
    getframe = sys._getframe
    note = refused.append

    def hook(event, args):
        if event not in watched:
            return
        caller = getframe(1).f_code.co_filename
        if not policy.allows(event, args, caller):
            note(event)
            raise PermissionError(f"the judge does not run code it did not load itself: {event} refused (in {os.path.basename(caller)})")

    sys.addaudithook(hook)
