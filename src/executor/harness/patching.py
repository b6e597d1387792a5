"""A test's patches of modules the program uses take effect in the program's process too.

`mock.patch("solution.helper")` and `patch.object(program_object, ...)` already reach the program:
their target is the program's module or a handle, whose attributes are set there. A patch of a
module (`patch("os.listdir")`, `monkeypatch.setattr("builtins.input", ...)`) sets the judge's copy;
the program's copy of that module gets the same object (lent to it: calls run in the judge), and
gets its own value back when the patch ends.
"""
import types

import proxy


def module_target(target):
    """Whether the program has its own copy of `target`: a module of the judge's, not the program's."""
    return isinstance(target, types.ModuleType) and not isinstance(target, proxy.ProgramModule)


def set_in_program(program, module, name, value):
    """Sets `module.name` in the program's copy of the module; returns a token for `restore`."""
    if program.gone is not None:
        return None
    return program.value("patch", module.__name__, name, value)


def restore(program, token):
    if type(token) is int and program.gone is None:
        program.value("unpatch", token)


def mirror_mock_patches(program):
    """Makes unittest.mock's patches of modules set the program's copy too (once per judge)."""
    from unittest import mock

    patch_class = mock._patch
    if getattr(patch_class, "_murphy_mirrored", False):
        return
    enter, leave = patch_class.__enter__, patch_class.__exit__

    def __enter__(self):
        result = enter(self)
        if module_target(self.target):
            self._murphy_token = set_in_program(program, self.target, self.attribute, getattr(self.target, self.attribute))
        return result

    def __exit__(self, *exc_info):
        restore(program, self.__dict__.pop("_murphy_token", None))
        return leave(self, *exc_info)

    patch_class.__enter__, patch_class.__exit__ = __enter__, __exit__
    patch_class._murphy_mirrored = True
