// Programs that try to make the judge's asserts pass without computing the answer: one or more
// attacks per class of the threat model (docs/executor.md). Tests run in the judge's own
// interpreter and the program only answers calls, so each must score 0, leave no process of the
// slot running, and leave the executor serving honest programs. Real engine, both sandbox modes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:net';
import { Engine } from '../../src/executor/engine.js';
import type { Job, TestSpec } from '../../src/executor/job.js';
import type { SandboxMode } from '../../src/executor/sandbox.js';
import { ANYTHING } from './anything.js';
import { slotProcesses } from './slot-processes.js';

const code = (name: string, source: string): TestSpec => ({ name, kind: 'code', source });
const module = (name: string, source: string): TestSpec => ({ name, kind: 'module', source });

interface Attack {
  readonly program: string;
  readonly tests: TestSpec[];
}

// Starts another program past the audit hook, as subprocess does internally (Python 3.11+ signature).
const EXEC = [
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
const ANY = `${ANYTHING}\nANY = Anything()`;

const attacks: Record<string, Attack> = {
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

const honest: Job = {
  code: 'def add(a, b):\n    return a + b\n',
  tests: [code('t1', 'assert add(1, 2) == 3')],
  moduleName: 'solution',
  timeoutSeconds: 20,
  testTimeoutSeconds: 5,
};

describe.each(['bwrap', 'process'] as SandboxMode[])('attacks on the judge in %s mode', (mode) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.start({ sandbox: mode, concurrency: 2 });
  });
  afterAll(async () => {
    await engine.close();
  });

  it.each(Object.entries(attacks))('scores 0: %s', async (_name, attack) => {
    const result = await engine.execute({ ...honest, code: attack.program, tests: attack.tests });
    expect(result.results.filter((r) => r.passed || r.status === 'passed')).toEqual([]);
    expect(result.reward).toBe(0);
    expect(slotProcesses()).toEqual([]);
    expect((await engine.execute(honest)).reward).toBe(1);
  });

  it('reaches no loopback listener, also through _posixsubprocess', async () => {
    let connections = 0;
    const server: Server = createServer((socket) => {
      connections++;
      socket.on('error', () => undefined);
      socket.end('3\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const connect = `import socket; socket.create_connection(("127.0.0.1", ${port}), timeout=1)`;
    const program = [
      EXEC,
      'def add(a, b):',
      `    run([sys.executable, "-c", ${JSON.stringify(connect)}])`,
      `    run(["/usr/bin/python3", "-c", ${JSON.stringify(connect)}])`,
      `    run(["/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${port}"])`,
      '    import time; time.sleep(1.5)',  // time for the programs it started to connect
      `    with socket.create_connection(("127.0.0.1", ${port}), timeout=1) as s:`,
      '        return int(s.recv(10))',
    ].join('\n').replace('import _posixsubprocess, os, sys', 'import _posixsubprocess, os, socket, sys');
    const result = await engine.execute({ ...honest, code: program });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(result.reward).toBe(0);
    expect(connections).toBe(0);
  });
});

// bwrap mode only: in process mode the interpreter's folders are the host's own.
describe('bwrap mode: the interpreter library', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.start({ sandbox: 'bwrap', concurrency: 1 });
  });
  afterAll(async () => {
    await engine.close();
  });

  it('lets honest programs import standard modules that are not preloaded (the interpreter under /root)', async () => {
    const program = 'import xml.dom.minidom\ndef tag(text):\n    return xml.dom.minidom.parseString(text).documentElement.tagName\n';
    const result = await engine.execute({ ...honest, code: program, tests: [code('t', 'assert tag("<b></b>") == "b"')] });
    expect(result.results.map((r) => r.status)).toEqual(['passed']);
  });
});
