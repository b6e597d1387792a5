"""Which of the program's names a test sees.

A snippet test runs as if it began with `from solution import *`, and so does a module test that
says so. Only the names the test uses and does not define itself are taken from the program, and
never a builtin's name: a program's own `abs`, `sorted` or `set` cannot stand in for what the test
calls, so it is never handed the values the test computes with. A standard module the test uses
without importing it (`math.isclose(...)`, relying on the program's `import math`) is the judge's
own import, whatever the program bound to that name.
Names that begin with an underscore are never bound from the program, as a real star import does
not bind them: the judge's own helpers (the assert rewriter's `__murphy_compare__`) stay its own.
`import solution` and `from solution import name` still reach anything the test asks for by name.
"""
import ast
import builtins
import sys

_BUILTINS = frozenset(dir(builtins))


class _ModuleBindings(ast.NodeVisitor):
    """Names bound at the test's top level (its global scope)."""

    def __init__(self):
        self.names = set()

    def visit_Name(self, node):
        if not isinstance(node.ctx, ast.Load):
            self.names.add(node.id)

    def _scope(self, node):
        if hasattr(node, "name"):
            self.names.add(node.name)
        for item in ast.walk(node):  # `global x` anywhere binds x here
            if isinstance(item, ast.Global):
                self.names.update(item.names)
        for decorator in getattr(node, "decorator_list", []):
            self.visit(decorator)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = visit_Lambda = _scope
    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _scope

    def visit_Import(self, node):
        self.names.update((alias.asname or alias.name).partition(".")[0] for alias in node.names)

    def visit_ImportFrom(self, node):
        self.names.update(alias.asname or alias.name for alias in node.names if alias.name != "*")

    def visit_ExceptHandler(self, node):
        if node.name:
            self.names.add(node.name)
        self.generic_visit(node)

    def visit_MatchAs(self, node):
        if node.name:
            self.names.add(node.name)
        self.generic_visit(node)

    visit_MatchStar = visit_MatchAs


def imports_everything(tree, module_name):
    return any(isinstance(node, ast.ImportFrom) and node.module == module_name and any(a.name == "*" for a in node.names)
               for node in tree.body)


def free_names(tree):
    """(program names, standard modules): the names the test uses without defining them, other
    than builtins; those of standard modules the test only reads attributes of come apart."""
    bound = _ModuleBindings()
    bound.visit(tree)
    loads = [node for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)]
    bases = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    free = [name for name in dict.fromkeys(node.id for node in loads)
            if name not in bound.names and name not in _BUILTINS and not name.startswith("_")]
    modules = {name for name in free if name in sys.stdlib_module_names
               and all(id(node) in bases for node in loads if node.id == name)}
    return [name for name in free if name not in modules], sorted(modules)
