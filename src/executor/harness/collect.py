"""Finds the tests of a pytest-style module by reading its syntax tree, before anything runs, so
neither the program nor the module can add or hide tests."""
import ast


def _is_test_class(node):
    bases = {getattr(b, "attr", getattr(b, "id", "")) for b in node.bases}
    return node.name.startswith("Test") or "TestCase" in bases


def collect(tree):
    """[(class name or None, function name)] in source order."""
    found = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            found.append((None, node.name))
        elif isinstance(node, ast.ClassDef) and _is_test_class(node):
            found.extend((node.name, item.name) for item in node.body
                         if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name.startswith("test"))
    return found
