"""Turns the asserts of trusted test code into observations the trusted runner judges.

`assert f(x) == [1, 2]` becomes `__murphy_observe__(3, f(x))`: the test process sends the plain
value of f(x) and never sees [1, 2]; the runner compares. A program can therefore not pass a
comparison by lying (__eq__), by patching helpers, or by forging messages without knowing the
expected value. Comparisons without a literal side send both values; plain asserts send the value
whose truth is tested.
"""
import ast

OBSERVE = "__murphy_observe__"
_CONDITIONAL = (ast.If, ast.While, ast.Try, ast.Match, ast.IfExp, ast.Lambda) + (
    (ast.TryStar,) if hasattr(ast, "TryStar") else ()
)
_OPS = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not",
}


_NONE = object()
# unittest assert methods: (positional arguments observed, operator, literal expected, negate).
_UNITTEST = {
    **{name: (2, "==", _NONE, False) for name in (
        "assertEqual", "assertEquals", "assertListEqual", "assertDictEqual", "assertTupleEqual",
        "assertSetEqual", "assertSequenceEqual", "assertMultiLineEqual")},
    "assertNotEqual": (2, "!=", _NONE, False), "assertIn": (2, "in", _NONE, False),
    "assertNotIn": (2, "not in", _NONE, False), "assertIs": (2, "is", _NONE, False),
    "assertIsNot": (2, "is not", _NONE, False), "assertGreater": (2, ">", _NONE, False),
    "assertGreaterEqual": (2, ">=", _NONE, False), "assertLess": (2, "<", _NONE, False),
    "assertLessEqual": (2, "<=", _NONE, False), "assertTrue": (1, None, _NONE, False),
    "assertFalse": (1, None, _NONE, True), "assertIsNone": (1, "is", None, False),
    "assertIsNotNone": (1, "is not", None, False),
}


class Check:
    """What the runner expects of one assert."""

    def __init__(self, index, source, lineno, op=None, literal=None, literal_side=None, negate=False):
        self.index = index
        self.source = source
        self.lineno = lineno
        self.op = op  # None: a truth test
        self.literal = literal  # the expected value, kept on the trusted side
        self.literal_side = literal_side  # "left", "right" or None (both sides observed)
        self.negate = negate  # `assert not x`
        self.required = False  # reached on every run of its function or module
        self.function = None  # enclosing test function name (module tests)


def _literal(node):
    try:
        return True, ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False, None


def _approx(node):
    """(expected, rel, abs) of `pytest.approx(LITERAL, rel=.., abs=..)` with literal arguments."""
    if not isinstance(node, ast.Call) or len(node.args) != 1:
        return None
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
    if name != "approx":
        return None
    parts = [node.args[0]] + [k.value for k in node.keywords if k.arg in ("rel", "abs")]
    found = [_literal(p) for p in parts]
    if not all(ok for ok, _ in found) or any(k.arg not in ("rel", "abs") for k in node.keywords):
        return None
    options = {k.arg: value for k, (_, value) in zip(node.keywords, found[1:])}
    return found[0][1], options.get("rel"), options.get("abs")


class _Rewriter(ast.NodeTransformer):
    def __init__(self, source):
        self.source = source
        self.checks = []
        self.conditional = 0
        self.function = None

    def _nested(self, node, conditional):
        self.conditional += conditional
        node = self.generic_visit(node)
        self.conditional -= conditional
        return node

    def visit_FunctionDef(self, node):
        outer, self.function = self.function, self.function or node.name
        node = self._nested(node, 0)
        self.function = outer
        return node

    visit_AsyncFunctionDef = visit_FunctionDef

    def generic_visit(self, node):
        if isinstance(node, _CONDITIONAL) and not getattr(node, "_murphy_seen", False):
            node._murphy_seen = True
            return self._nested(node, 1)
        return super().generic_visit(node)

    def visit_Expr(self, node):
        call = node.value
        method = _UNITTEST.get(call.func.attr) if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) else None
        if method is None or call.keywords or len(call.args) < method[0]:
            return self.generic_visit(node)
        arity, op, literal, negate = method
        source = ast.get_source_segment(self.source, node) or call.func.attr
        args = [self.visit(a) for a in call.args[:arity]]
        if literal is not _NONE:
            check = Check(len(self.checks), source, node.lineno, op, literal, "right", negate)
        elif op is None:
            check = Check(len(self.checks), source, node.lineno, negate=negate)
        else:
            check, args = self._compare(op, args[0], args[1], source, node.lineno)
        return self._observe(node, check, args)

    def visit_Assert(self, node):
        node = self.generic_visit(node)
        check, values = self._plan(node)
        return self._observe(node, check, values)

    def _observe(self, node, check, values):
        check.required = self.conditional == 0
        check.function = self.function
        self.checks.append(check)
        call = ast.Call(ast.Name(OBSERVE, ast.Load()), [ast.Constant(check.index), *values], [])
        return ast.copy_location(ast.Expr(call), node)

    def _compare(self, op, left, right, source, lineno):
        index = len(self.checks)
        for approx_node, other in ((right, left), (left, right)):
            tolerance = _approx(approx_node) if op in ("==", "!=") else None
            if tolerance is not None:
                return Check(index, source, lineno, f"approx{op}", tolerance, "right"), [other]
        for side, literal_node, other in (("right", right, left), ("left", left, right)):
            ok, value = _literal(literal_node)
            if ok:
                return Check(index, source, lineno, op, value, side), [other]
        return Check(index, source, lineno, op), [left, right]

    def _plan(self, node):
        test = node.test
        source = ast.get_source_segment(self.source, node) or "assert ..."
        if isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in _OPS:
            return self._compare(_OPS[type(test.ops[0])], test.left, test.comparators[0], source, node.lineno)
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return Check(len(self.checks), source, node.lineno, negate=True), [test.operand]
        return Check(len(self.checks), source, node.lineno), [test]


def rewrite(source, filename):
    """(code object, checks) for a test, line numbers kept; raises SyntaxError for bad code.

    The code object goes to the test process marshalled: it never sees the source or the
    expected values."""
    tree = ast.parse(source, filename)
    rewriter = _Rewriter(source)
    tree = rewriter.visit(tree)
    ast.fix_missing_locations(tree)
    return compile(tree, filename, "exec", dont_inherit=True), rewriter.checks
