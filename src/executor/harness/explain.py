"""Failure feedback for asserts, as pytest gives it: `assert f(x) == [1, 2]` that fails reports its
source and both values.

Only the judge uses this, on its own copy of the test: each `assert LEFT op RIGHT` (one
comparison, no message or a constant one) becomes `__murphy_compare__(LEFT, RIGHT, index)`, which
evaluates both sides once, compares them with the same operator and raises AssertionError when
the result is false, exactly as the assert would. It changes what a failure says, never whether a
test passes.
"""
import ast
import operator

COMPARE = "__murphy_compare__"
_OPS = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
    ast.GtE: operator.ge, ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
    ast.Is: operator.is_, ast.IsNot: operator.is_not,
}


class Assert:
    def __init__(self, source, compare, literal_left, message):
        self.source = source
        self.compare = compare
        self.literal_left = literal_left  # `assert 3 == f(x)`: the expected value is on the left
        self.message = message


def _is_literal(node):
    try:
        ast.literal_eval(node)
        return True
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False


class _Rewriter(ast.NodeTransformer):
    def __init__(self, source):
        self.source = source
        self.asserts = []

    def visit_Assert(self, node):
        test = node.test
        plain_message = node.msg is None or isinstance(node.msg, ast.Constant)
        if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and plain_message):
            return self.generic_visit(node)
        left, right = self.visit(test.left), self.visit(test.comparators[0])
        literal_left = _is_literal(left) and not _is_literal(right)
        message = node.msg.value if node.msg is not None else None
        self.asserts.append(Assert(ast.get_source_segment(self.source, node) or "assert ...", _OPS[type(test.ops[0])], literal_left, message))
        call = ast.Call(ast.Name(COMPARE, ast.Load()), [left, right, ast.Constant(len(self.asserts) - 1)], [])
        return ast.copy_location(ast.Expr(call), node)


def compile_test(source, filename):
    """(code object, asserts) of a test, line numbers kept; raises SyntaxError for bad code."""
    tree = ast.parse(source, filename)
    rewriter = _Rewriter(source)
    tree = ast.fix_missing_locations(rewriter.visit(tree))
    return compile(tree, filename, "exec", dont_inherit=True), tree, rewriter.asserts


class AssertFailed(AssertionError):
    """A rewritten assert that did not hold, with what it compared."""

    def __init__(self, checked, left, right):
        super().__init__(*(() if checked.message is None else (checked.message,)))
        self.checked = checked
        self.values = (right, left) if checked.literal_left else (left, right)  # (actual, expected)


def comparer(asserts):
    """The `__murphy_compare__` of one test."""

    def compare(left, right, index):
        checked = asserts[index]
        if not checked.compare(left, right):
            raise AssertFailed(checked, left, right)

    return compare
