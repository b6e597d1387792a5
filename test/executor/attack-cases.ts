// Programs (and tests) that try to make the judge pass what they did not compute, by class of the
// threat model (docs/executor.md): each must score 0. Shared by judge-attacks.test.ts (in-process
// engine, both modes, as root) and one-user-classes.test.ts (the executor as one non-root user).
import type { TestSpec } from '../../src/executor/job.js';
import { ANYTHING } from './anything.js';

export const code = (name: string, source: string): TestSpec => ({ name, kind: 'code', source });
export const module = (name: string, source: string): TestSpec => ({ name, kind: 'module', source });

export interface Attack {
  readonly program: string;
  readonly tests: TestSpec[];
}

// Starts another program past the audit hook, as subprocess does internally (Python 3.11+ signature).
export const EXEC = [
  'import _posixsubprocess, os, sys',
  'def run(argv):',
  '    r, w = os.pipe()',
  '    try:',
  '        _posixsubprocess.fork_exec([os.fsencode(a) for a in argv], [os.fsencode(argv[0])], True, (w,), None, None,',
  '                                   -1, -1, -1, -1, -1, -1, r, w, True, True, -1, None, None, None, -1, None, False)',
  '    except Exception:',
  '        pass',
].join('\n');

// A program prelude with `ANY`, an object equal to anything.
export const ANY = `${ANYTHING}\nANY = Anything()`;

export const attacks: Record<string, Attack> = {
  // Test expressions in which the program's objects take part.
  'tolerance arithmetic and abs()': {
    program: `${ANY}\ndef area(r):\n    return ANY\n`,
    tests: [code('tol', 'assert abs(area(1) - 3.14159) < 1e-3'), code('rel', 'assert abs(area(2) - 12.566) / 12.566 <= 1e-3')],
  },
  'math.isclose and round()': {
    program: `${ANY}\ndef area(r):\n    return ANY\n`,
    tests: [code('isclose', 'import math\nassert math.isclose(area(1), 3.14159, rel_tol=1e-3)'), code('round', 'assert round(area(1), 2) == 3.14')],
  },
  'and/or, bool() and not': {
    program: `${ANY}\ndef f(x):\n    return ANY\n`,
    tests: [
      code('and', 'assert f(1) == 2 and f(2) == 4'),
      code('or', 'assert f(1) == 2 or False'),
      code('bool', 'assert bool(f(1) == 2)'),
      code('not', 'assert not (f(1) != 2)'),
    ],
  },
  'chained comparisons and membership': {
    program: `${ANY}\ndef f(x):\n    return ANY\n`,
    tests: [code('chain', 'assert 0 < f(1) < 2 == f(2)'), code('in', 'assert f(1) in [5, 6]'), code('contains', 'assert 5 in f(1)')],
  },
  'a comparison the test catches (except TypeError/Exception)': {
    program: `${ANY}\ndef f(x):\n    return ANY\n`,
    tests: [
      code('typeerror', 'try:\n    assert f(1) == 2\nexcept TypeError:\n    pass\nelse:\n    pass'),
      code('exception', 'ok = False\ntry:\n    ok = f(1) == 2\nexcept Exception:\n    ok = True\nassert f(1) == 2 or not ok'),
    ],
  },
  'unittest helpers with keyword arguments and assertAlmostEqual': {
    program: `${ANY}\ndef area(r):\n    return ANY\n`,
    tests: [
      module('unit', [
        'import unittest',
        'from solution import area',
        'class TestArea(unittest.TestCase):',
        '    def test_keywords(self):',
        '        self.assertEqual(first=area(1), second=3.14159)',
        '    def test_almost(self):',
        '        self.assertAlmostEqual(area(1), 3.14159, places=3)',
        '    def test_delta(self):',
        '        self.assertAlmostEqual(area(1), 3.14159, delta=0.01)',
        '    def test_true(self):',
        '        self.assertTrue(area(1) == 3.14159)',
      ].join('\n')),
    ],
  },
  'pytest.approx with program objects': {
    program: `${ANY}\ndef area(r):\n    return ANY\n`,
    tests: [module('approx', 'import pytest\nfrom solution import area\ndef test_left():\n    assert area(1) == pytest.approx(3.14159)\ndef test_right():\n    assert pytest.approx(3.14159) == area(1)\n')],
  },
  'an iterator that ends at once, StopIteration through map()': {
    program: 'def is_even(x):\n    raise StopIteration\n',
    tests: [code('map', 'assert all(map(is_even, [2, 4, 6]))'), code('filter', 'assert list(filter(is_even, [2, 4])) == [2, 4]')],
  },
  // The program shadows what the test calls.
  'shadowing set, abs, sorted, len in its globals': {
    program: [
      'def abs(x): return 0',
      'def sorted(*a, **k): return [1, 2, 3]',
      'set = lambda *a: {1, 2, 3}',
      'def len(x): return 3',
      'def all(x): return True',
      'def f(x): return [9]',
      'def g(x): return 0.0',
    ].join('\n'),
    tests: [
      code('sorted', 'assert sorted(f(1)) == [1, 2, 3]'),
      code('set', 'assert set(f(1)) == {1, 2, 3}'),
      code('abs', 'assert abs(g(1) - 3.5) < 1e-6'),
      code('len', 'assert len(f(1)) == 3'),
      code('all', 'assert all(x > 10 for x in f(1))'),
    ],
  },
  'shadowing through `from solution import *`, and a fake math': {
    program: [
      'import types',
      'def abs(x): return 0',
      'def sorted(*a, **k): return [1, 2, 3]',
      'math = types.SimpleNamespace(isclose=lambda *a, **k: True, pi=3.14159)',
      'def f(x): return [9]',
      'def g(x): return 0.0',
    ].join('\n'),
    tests: [
      module('star', 'import math\nfrom solution import *\ndef test_sorted():\n    assert sorted(f(1)) == [1, 2, 3]\ndef test_abs():\n    assert abs(g(1) - 3.5) < 1e-6\ndef test_math():\n    assert math.isclose(g(1), 3.5)\n'),
      code('math-from-program', 'assert math.isclose(g(1), 3.5)'),
    ],
  },
  'a patched stdlib the test uses without importing it': {
    program: 'import math, types\nmath.isclose = lambda *a, **k: True\nre = types.SimpleNamespace(match=lambda *a: True)\ndef g(x):\n    return 0.0\n',
    tests: [code('module', 'assert math.isclose(g(1), 3.5)'), code('imported', 'from math import isclose\nassert isclose(g(1), 3.5)'),
      code('namespace', 'assert re.match("a+", str(g(1)))')],
  },
  // Harness state the program could reach in a shared interpreter.
  'replaced sys.modules entries and test-framework classes': {
    program: [
      'import sys, types, unittest',
      'fake = types.ModuleType("math"); fake.isclose = lambda *a, **k: True; sys.modules["math"] = fake',
      'unittest.TestCase.assertEqual = lambda *a, **k: None',
      'unittest.TestCase.assertAlmostEqual = lambda *a, **k: None',
      'unittest.TestCase.fail = lambda *a, **k: None',
      'sys.modules["pytest"] = types.SimpleNamespace(approx=lambda *a, **k: None)',
      'def area(r):\n    return 0',
    ].join('\n'),
    tests: [
      code('math', 'import math\nassert math.isclose(area(1), 3.14159)'),
      module('unit', 'import unittest\nfrom solution import area\nclass TestArea(unittest.TestCase):\n    def test_eq(self):\n        self.assertEqual(area(1), 3)\n    def test_almost(self):\n        self.assertAlmostEqual(area(1), 3.14159, places=3)\n'),
    ],
  },
  'a pytest.py, unittest.py and math.py of its own in the test directory': {
    program: [
      'files = {',
      '    "pytest.py": "def approx(*a, **k):\\n    class A:\\n        def __eq__(s, o): return True\\n    return A()\\n",',
      '    "unittest.py": "class TestCase:\\n    def assertEqual(self, *a, **k): pass\\n",',
      '    "math.py": "def isclose(*a, **k): return True\\n",',
      '}',
      'for name, text in files.items():',
      '    with open(name, "w") as f: f.write(text)',
      'import sys, importlib',
      'for name in files: sys.modules.pop(name[:-3], None)',
      'def area(r):\n    return 0',
    ].join('\n'),
    tests: [
      module('shim', 'import pytest\nfrom solution import area\ndef test_approx():\n    assert area(1) == pytest.approx(3.14159)\n'),
      module('unit', 'import unittest\nfrom solution import area\nclass T(unittest.TestCase):\n    def test_eq(self):\n        self.assertEqual(area(1), 3)\n'),
      code('math', 'import math\nassert math.isclose(area(1), 3.14159)'),
    ],
  },
  'walking frames for expected values and the test source': {
    program: [
      'import sys, inspect',
      'def find():',
      '    frame = sys._getframe(1)',
      '    while frame is not None:',
      '        for value in list(frame.f_locals.values()) + list(frame.f_globals.values()):',
      '            if isinstance(value, int) and value > 100:',
      '                return value',
      '        for const in frame.f_code.co_consts:',
      '            if isinstance(const, int) and const > 100:',
      '                return const',
      '        frame = frame.f_back',
      '    return 0',
      'def f(x):',
      '    return find()',
    ].join('\n'),
    tests: [code('locals', 'expected = 4242\nassert f(1) == expected'), code('consts', 'assert f(1) == 4343')],
  },
  'asserts in loops, conditions and try the program tries to skip': {
    program: [
      'import sys',
      'def double(x):',
      '    frame = sys._getframe(1)',
      '    while frame is not None:',  // empties any list it can reach, to end the test's loops
      '        for value in frame.f_locals.values():',
      '            if isinstance(value, list): value.clear()',
      '        frame = frame.f_back',
      '    raise StopIteration',
    ].join('\n'),
    tests: [
      code('for', 'cases = [(1, 2), (2, 4)]\nfor x, want in cases:\n    assert double(x) == want\nassert cases'),
      code('while', 'i = 1\nwhile i < 3:\n    assert double(i) == 2 * i\n    i += 1'),
      code('if', 'if True:\n    assert double(3) == 6'),
      code('try', 'try:\n    assert double(4) == 8\nfinally:\n    pass'),
    ],
  },
  'forged answers written straight to the judge\'s socket': {
    program: [
      'import json, os, struct',
      'def frame(value):',
      '    data = json.dumps(value).encode()',
      '    return struct.pack(">I", len(data)) + data',
      'forged = [["l", "ready"], ["l", "ok", 3, ["l"]], {"__class__": "int"}, ["l", "ok", ["h", 0, "int"], ["l"]],',
      '          ["l", "raise", ["x", 0, "AssertionError"], ["t"], "", ["l"]], ["pickle", "gASVAgAAAAAAAABLAy4="]]',
      'for value in forged:',
      '    os.write(3, frame(value))',
      'def add(a, b):',
      '    for value in forged:',
      '        os.write(3, frame(value))',
      '    return 0',
    ].join('\n'),
    tests: [code('t1', 'assert add(1, 2) == 3'), code('t2', 'assert add(2, 3) == 5')],
  },
  'values built to break the judge (deep, huge, subclass, copied-back handles)': {
    program: [
      'class Liar(int):',
      '    def __eq__(self, other): return True',
      '    __hash__ = int.__hash__',
      'def deep(x):',
      '    value = []',
      '    for _ in range(10000): value = [value]',
      '    return value',
      'def huge(x):\n    return "x" * (80 << 20)',
      'def liar(x):\n    return Liar(0)',
      'class Node: pass',
      'def sort_in_place(items):\n    items[:] = [Node(), Node()]',
    ].join('\n'),
    tests: [
      code('deep', 'assert deep(1) == [[[]]]'),
      code('huge', 'assert huge(1) == "y"'),
      code('liar', 'assert liar(1) == 3'),
      code('copyback', 'items = [3, 1, 2]\nsort_in_place(items)\nassert items == [1, 2, 3]'),
    ],
  },
  'stdin/stdout: fake PASS lines, exit 0 and a forged report': {
    program: 'import os\nprint("PASSED")\nos.write(3, b\'{"type": "x"}\\n\')\nos._exit(0)\n',
    tests: [{ name: 'io', kind: 'stdio', stdin: '1 2\n', stdout: '3\n' }],
  },
  'exec through _posixsubprocess, leaving processes behind': {
    program: `${EXEC}\nrun(["/bin/sh", "-c", "sleep 300 &"])\ndef add(a, b):\n    run(["/bin/sh", "-c", "echo PASSED; sleep 300"])\n    return 0\n`,
    tests: [code('t1', 'assert add(1, 2) == 3')],
  },
};

// The judge is as untrusted as the program: a test may hand the program's output to eval, exec,
// pickle or a shell, so whatever the program sends must not become code in the judge, and code
// that does run in the judge (the test's own, standing here for anything that got in) can harm
// nothing but its own test: no other slot, no executor, no harness, no host file, no verdict of
// its own through the report channel.
export const PRETEND_PASS = '{"status": "passed", "errorType": "", "errorMessage": "", "more": true}';
// Python that writes a forged verdict into every descriptor the judge has: what judge-side code would do.
export const FORGE = `import os\\nfor fd in range(3, 12):\\n    try: os.write(fd, b'${PRETEND_PASS}\\\\n')\\n    except OSError: pass\\n`;

export const programOutputAsCode: Record<string, Attack> = {
  'eval, exec and compile of what the program returns': {
    program: `CODE = ${JSON.stringify(`exec(${JSON.stringify(FORGE)}) or 3`)}\ndef f(x):\n    return CODE\n`,
    tests: [
      code('eval', 'assert eval(f(1)) == 3'),
      code('exec', 'ns = {}\nexec("x = " + f(1), ns)\nassert ns["x"] == 3'),
      code('compile', 'assert eval(compile(f(1), "<x>", "eval")) == 3'),
      code('caught', 'try:\n    eval(f(1))\nexcept Exception:\n    pass'),
    ],
  },
  'pickle.loads of what the program returns': {
    program: [
      'import os, pickle',
      'class Forge:',
      `    def __reduce__(self): return (exec, (${JSON.stringify(FORGE)},))`,
      'class Shell:',
      '    def __reduce__(self): return (os.system, ("true",))',
      'def f(x):\n    return pickle.dumps(Forge())',
      'def g(x):\n    return pickle.dumps(Shell())',
    ].join('\n'),
    tests: [code('exec', 'import pickle\npickle.loads(f(1))\nassert False'), code('caught', 'import pickle\ntry:\n    pickle.loads(g(1))\nexcept Exception:\n    pass')],
  },
  'os.system, pdb.run, timeit and breakpoint on what the program wrote': {
    program: [
      `FORGE = ${JSON.stringify(FORGE)}`,
      'with open(".pdbrc", "w") as rc:',
      '    rc.write("!" + FORGE.replace("\\n", ";").replace(";    ", " ") + "\\ncontinue\\n")',
      'def f(x):\n    return FORGE',
      'def cmd(x):\n    return "exit 0"',
    ].join('\n'),
    tests: [
      code('system', 'import os\nassert os.system(cmd(1)) == 0'),
      code('pdb', 'import pdb\npdb.run(f(1))\nassert False'),
      code('timeit', 'import timeit\ntimeit.timeit(f(1), number=1)\nassert False'),
      code('breakpoint', 'breakpoint()\nassert False'),
    ],
  },
  'importing a module the program wrote': {
    program: `import os\nos.makedirs("tmp_path", exist_ok=True)\nwith open("tmp_path/forged.py", "w") as m:\n    m.write(${JSON.stringify(FORGE)} + "assert False\\n")\ndef add(a, b):\n    return 0\n`,
    tests: [
      module('path', 'import sys\ndef test_import(tmp_path):\n    sys.path.insert(0, str(tmp_path))\n    import forged\n'),
      module('spec', 'import importlib.util\ndef test_spec(tmp_path):\n    spec = importlib.util.spec_from_file_location("forged", tmp_path / "forged.py")\n    spec.loader.exec_module(importlib.util.module_from_spec(spec))\n'),
    ],
  },
  'a tmp_path file turned into a symlink to the report channel': {
    program: [
      'import os',
      'def link(directory):',
      '    for fd in range(10):',
      '        os.symlink(f"/proc/self/fd/{fd}", os.path.join(directory, f"out{fd}.txt"))',
      'def add(a, b):\n    return 0',
    ].join('\n'),
    tests: [module('link', [
      'from solution import add, link',
      'def test_write(tmp_path):',
      '    link(str(tmp_path))',
      '    for fd in range(10):',
      '        try:',
      `            (tmp_path / f"out{fd}.txt").write_text('${PRETEND_PASS}\\n' * 3)`,
      '        except OSError:',
      '            pass',
      '    assert add(1, 2) == 3',
    ].join('\n'))],
  },
};

/** A test that runs `body` in the judge (code standing for whatever got in), then asks a wrong add(). */
// Nothing the program sends is resolved by name, and the judge's own names cannot be bound from the
// program (issue 26: "Names resolved in the judge", "The judge's helpers are bindable"). The
// program writes answers of its own choosing straight to its socket, naming objects of the judge:
// each such answer ends the program's part (the test crashes), whatever it names.
export const FRAME = [
  'import json, os, struct',
  'def answer(node):',
  '    data = json.dumps(["l", "ok", node, ["l"], ["l"]]).encode()',
  '    os.write(3, struct.pack(">I", len(data)) + data)',
  '    os._exit(0)',  // nothing after the forged answer: it is the only one the judge reads
].join('\n');

export const namesInTheJudge: Record<string, Attack> = {
  'an answer that names unittest.mock.ANY, the test\'s globals, exec, os.system, pdb.run, breakpoint': {
    program: [
      FRAME,
      'def any_value(x):\n    answer(["G", "unittest.mock", "ANY", 0])',
      'def expected(x):\n    answer(["G", "test_0", "EXPECTED", 0])',
      'def reference(x):\n    answer(["G", "test_1", "Reference.solve", 0])',
      'def run_exec(x):\n    answer(["B", "exec"])',
      'def system(x):\n    answer(["G", "os", "system", 0])',
      'def debugger(x):\n    answer(["G", "pdb", "run", 0])',
      'def pause(x):\n    answer(["B", "breakpoint"])',
      'def module(x):\n    answer(["M", "antigravity", "", 0])',
    ].join('\n'),
    tests: [
      code('any', 'assert any_value(1) == 42'),
      code('globals', 'EXPECTED = [1, 2, 3]\nassert expected(1) == EXPECTED'),
      module('class', 'from solution import reference\nclass Reference:\n    @staticmethod\n    def solve(x):\n        return x * 2\ndef test_solve():\n    assert reference(1)(4) == Reference.solve(4)\n'),
      code('exec', 'run_exec(1)("assert False")\nassert False'),
      code('system', 'assert system(1)("true") == 0'),
      code('pdb', 'debugger(1)("x = 1")\nassert False'),
      code('breakpoint', 'pause(1)()\nassert False'),
      code('import', 'assert module(1) is not None'),
    ],
  },
  'library objects the program returns stay its own (mock.ANY)': {
    program: 'from unittest.mock import ANY\ndef any_value(x):\n    return ANY\ndef listed(x):\n    return [ANY, ANY]\n',
    tests: [code('any', 'assert any_value(1) == 42'), code('list', 'assert listed(1) == [1, 2]')],
  },
  'the judge\'s interpreter through what the test lends (a generator\'s gi_frame, a callback\'s __globals__)': {
    program: [
      'def total(xs):',
      '    try:',
      '        return xs.gi_frame.f_globals["EXPECTED"]',
      '    except Exception:',
      '        return 0',
      'def first(f):',
      '    try:',
      '        return f.__globals__["EXPECTED"]',
      '    except Exception:',
      '        return 0',
    ].join('\n'),
    tests: [code('frame', 'EXPECTED = 99\nassert total(x for x in [1, 2]) == EXPECTED'), code('globals', 'EXPECTED = 99\nassert first(lambda: 1) == EXPECTED')],
  },
  'a program that defines the assert rewriter\'s helper, or other underscore names': {
    program: [
      'def __murphy_compare__(left, right, index):',
      '    return None',
      '_murphy_compare = __murphy_compare__',
      'def f(x):',
      '    return 0',
    ].join('\n'),
    tests: [
      code('snippet', 'assert f(1) == 5'),
      code('helper', 'def check(candidate):\n    assert candidate(2) == 7\ncheck(f)'),
      module('star', 'from solution import *\ndef test_f():\n    assert f(1) == 5\n'),
    ],
  },
};
