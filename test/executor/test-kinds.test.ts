// The three test kinds and the feedback each result carries, through the real engine (process
// mode: the fields do not depend on the sandbox).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Engine } from '../../src/executor/engine.js';
import type { Job, TestSpec } from '../../src/executor/job.js';

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.start({ sandbox: 'process', concurrency: 1 });
});
afterAll(async () => {
  await engine.close();
});

function run(code: string, tests: TestSpec[], extra: Partial<Job> = {}) {
  return engine.execute({ code, tests, moduleName: 'solution', timeoutSeconds: 20, testTimeoutSeconds: 5, ...extra });
}

describe('snippet tests', () => {
  it('reports the actual value, the expected value and a traceback of the program only', async () => {
    const result = await run('def f(x):\n    return [x, x]\n\ndef g(x):\n    return 1 / x\n', [
      { name: 'eq', kind: 'code', source: 'assert f(2) == [2, 3]' },
      { name: 'error', kind: 'code', source: 'x = 0\nassert g(x) == 1' },
      { name: 'humaneval', kind: 'code', source: 'def check(candidate):\n    assert candidate(1) == [1, 1]\n    assert candidate(2) == [2, 2]\ncheck(f)' },
    ]);
    const [eq, error, humaneval] = result.results;
    expect(eq).toMatchObject({ status: 'failed', errorType: 'AssertionError', actual: '[2, 2]', expected: '[2, 3]' });
    expect(eq?.errorMessage).toContain('assert f(2) == [2, 3]');
    expect(error).toMatchObject({ status: 'error', errorType: 'ZeroDivisionError', errorMessage: 'division by zero' });
    expect(error?.traceback).toContain('File "solution.py", line 5, in g\n    return 1 / x');
    expect(error?.traceback).not.toMatch(/child\.py|runner\.py|harness/);
    expect(humaneval?.status).toBe('passed');
    expect(result).toMatchObject({ passed: 1, total: 3 });
    expect(result.reward).toBeCloseTo(1 / 3);
  });

  it('compares plain data the way Python does, stdlib dict subclasses included', async () => {
    const result = await run('from collections import Counter, namedtuple\nP = namedtuple("P", "x y")\ndef count(s):\n    return Counter(s)\ndef point():\n    return P(1, 2)\n', [
      { name: 'counter', kind: 'code', source: "assert count('aab') == {'a': 2, 'b': 1}" },
      { name: 'namedtuple', kind: 'code', source: 'assert point() == (1, 2)' },
      { name: 'not', kind: 'code', source: 'assert not count("")' },
      { name: 'float', kind: 'code', source: 'assert 0.1 + 0.2 != 0.3\nimport math\nassert math.isclose(0.1 + 0.2, 0.3)' },
    ]);
    expect(result.results.map((r) => r.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
  });

  it('checks every assert the test reaches: a StopIteration from the program does not end the test early', async () => {
    const result = await run('def f(x):\n    raise StopIteration\n', [{ name: 'map', kind: 'code', source: 'assert all(map(f, [1, 2]))' }]);
    expect(result.results[0]).toMatchObject({ status: 'error', errorType: 'RuntimeError' });
  });

  it('caps captured output and cuts long fields keeping the start and the end', async () => {
    const result = await run('def f():\n    print("start" + "x" * 10000 + "end")\n    return "a" * 5000 + "tail"\n', [{ name: 'long', kind: 'code', source: 'assert f() == "b"' }]);
    const [long] = result.results;
    expect(long?.stdout.length).toBeLessThan(2200);
    expect(long?.stdout.startsWith('start')).toBe(true);
    expect(long?.stdout.trimEnd().endsWith('end')).toBe(true);
    expect(long?.stdout).toContain('characters cut');
    expect(long?.actual?.endsWith("tail'")).toBe(true);
  });
});

describe('pytest-style modules', () => {
  it('runs each test_* function and Test* method as one test, with parametrize, fixtures and raises', async () => {
    const module = [
      'import pytest',
      'from solution import add',
      '@pytest.fixture',
      'def base():',
      '    return 10',
      'def test_plain():',
      '    assert add(1, 2) == 3',
      '@pytest.mark.parametrize("a, b, total", [(1, 1, 2), (2, 2, 5)])',
      'def test_param(a, b, total):',
      '    assert add(a, b) == total',
      'def test_fixture(base, tmp_path):',
      '    assert add(base, 1) == 11',
      '    assert tmp_path.exists()',
      'def test_raises():',
      '    with pytest.raises(TypeError):',
      '        add(1, "x")',
      'class TestApprox:',
      '    def test_approx(self):',
      '        assert add(0.1, 0.2) == pytest.approx(0.3)',
      'def helper():',
      '    assert False',
    ].join('\n');
    const result = await run('def add(a, b):\n    return a + b\n', [{ name: 'mod', kind: 'module', source: module }]);
    expect(result.results.map((r) => [r.name, r.status])).toEqual([
      ['mod::test_plain', 'passed'],
      ['mod::test_param', 'failed'],
      ['mod::test_fixture', 'passed'],
      ['mod::test_raises', 'passed'],
      ['mod::TestApprox::test_approx', 'passed'],
    ]);
    expect(result.results[1]).toMatchObject({ actual: '4', expected: '5' });
  });

  it('imports the program under moduleName and reports a module without tests as one failure', async () => {
    const result = await run('VALUE = 3\n', [
      { name: 'named', kind: 'module', source: 'from mine import VALUE\ndef test_value():\n    assert VALUE == 3\n' },
      { name: 'empty', kind: 'module', source: 'x = 1\n' },
      { name: 'broken', kind: 'module', source: 'def test_(:\n' },
    ], { moduleName: 'mine' });
    expect(result.results.map((r) => [r.name, r.status, r.errorType])).toEqual([
      ['named::test_value', 'passed', ''],
      ['empty', 'error', 'CollectionError'],
      ['broken', 'error', 'SyntaxError'],
    ]);
  });
});

describe('the program as an oracle: what crosses between the judge and the program', () => {
  const program = [
    'class Stack:',
    '    def __init__(self):',
    '        self.items = []',
    '    def push(self, x):',
    '        self.items.append(x)',
    '        return self',
    '    def pop(self):',
    '        return self.items.pop()',
    '    def __len__(self):',
    '        return len(self.items)',
    'class BankError(Exception):',
    '    pass',
    'class Insufficient(BankError):',
    '    def __init__(self, need):',
    '        super().__init__(f"need {need}")',
    'def withdraw(balance, amount):',
    '    if amount > balance:',
    '        raise Insufficient(amount - balance)',
    '    return balance - amount',
    'def sort_in_place(items):',
    '    items.sort()',
    'def rotate(matrix):',
    '    matrix[:] = [list(row) for row in zip(*matrix[::-1])]',
    'def squares(n):',
    '    for i in range(n):',
    '        yield i * i',
    'def apply(function, values):',
    '    return [function(v) for v in values]',
    'def point():',
    '    return Stack()',
  ].join('\n');

  it('keeps its objects in its process as handles, lends it the test\'s functions, copies changed arguments back and rebuilds its exceptions', async () => {
    const module = [
      'import math',
      'import pytest',
      'import solution',
      'from solution import Stack, BankError, Insufficient, withdraw, sort_in_place, rotate, squares, apply',
      'def test_handles():',
      '    s = Stack().push(1).push(2)',
      '    assert len(s) == 2 and s.pop() == 2 and s.items == [1]',
      '    assert isinstance(s, Stack)',
      'def test_exceptions():',
      '    with pytest.raises(BankError, match="need 5"):',
      '        withdraw(5, 10)',
      '    with pytest.raises(Insufficient):',
      '        withdraw(0, 1)',
      '    assert withdraw(10, 4) == 6',
      'def test_in_place():',
      '    items = [3, 1, 2]',
      '    sort_in_place(items)',
      '    assert items == [1, 2, 3]',
      '    m = [[1, 2], [3, 4]]',
      '    rows = m',
      '    rotate(m)',
      '    assert m == [[3, 1], [4, 2]] and rows is m',
      'def test_iteration():',
      '    assert list(squares(4)) == [0, 1, 4, 9]',
      '    assert 9 in squares(4)',
      'def test_stdlib_and_builtins_run_in_the_judge():',
      '    assert apply(math.sqrt, [4, 9]) == [2.0, 3.0]',
      '    assert apply(len, ["ab", "c"]) == [2, 1]',
      'def test_module():',
      '    assert solution.withdraw(3, 1) == 2',
      'def test_compare_handle():',
      '    assert solution.point() == 1',
      'def test_pass_test_function():',
      '    assert apply(lambda v: v * 2, [1, 2]) == [2, 4]',
    ].join('\n');
    const result = await run(program, [{ name: 'm', kind: 'module', source: module }]);
    expect(result.results.map((r) => [r.name.split('::')[1], r.status])).toEqual([
      ['test_handles', 'passed'],
      ['test_exceptions', 'passed'],
      ['test_in_place', 'passed'],
      ['test_iteration', 'passed'],
      ['test_stdlib_and_builtins_run_in_the_judge', 'passed'],
      ['test_module', 'passed'],
      ['test_compare_handle', 'error'],
      ['test_pass_test_function', 'passed'],
    ]);
    expect(result.results[6]).toMatchObject({ errorType: 'NotPlainValue' });
    expect(result.results[6]?.errorMessage).toContain('the program returned a Stack object, not a plain value');
  });

  it('crashes only the test during which the program died; the next test gets a fresh program', async () => {
    const code = 'import os\ncalls = []\ndef f(x):\n    calls.append(x)\n    if x == 0:\n        os._exit(3)\n    return len(calls)\n';
    const result = await run(code, [
      { name: 'a', kind: 'code', source: 'assert f(1) == 1' },
      { name: 'b', kind: 'code', source: 'try:\n    f(0)\nexcept BaseException:\n    pass' },
      { name: 'c', kind: 'code', source: 'assert f(1) == 1' },
    ]);
    expect(result.results.map((r) => r.status)).toEqual(['passed', 'crashed', 'passed']);
    expect(result.results[1]?.errorMessage).toContain('exited with code 3');
  });
});

describe('stdin/stdout tests', () => {
  it('feeds stdin and compares stdout, ignoring trailing whitespace', async () => {
    const code = 'import sys\na, b = map(int, sys.stdin.read().split())\nprint(a + b, "  ")\nsys.exit(0)\n';
    const result = await run(code, [
      { name: 'ok', kind: 'stdio', stdin: '1 2\n', stdout: '3\n\n' },
      { name: 'wrong', kind: 'stdio', stdin: '2 2\n', stdout: '5\n' },
      { name: 'bad input', kind: 'stdio', stdin: 'x\n', stdout: '1\n' },
    ]);
    expect(result.results.map((r) => r.status)).toEqual(['passed', 'failed', 'error']);
    expect(result.results[1]).toMatchObject({ errorType: 'WrongOutput', expected: '5\n' });
    expect(result.results[1]?.actual?.trim()).toBe('4');
    expect(result.results[2]?.errorType).toBe('ValueError');
  });
});

describe('time limits', () => {
  it('stops at the request limit and reports the tests it could not start', async () => {
    const result = await run('import time\ndef f():\n    time.sleep(5)\n', [
      { name: 'slow', kind: 'code', source: 'f()' },
      { name: 'never', kind: 'code', source: 'assert True' },
    ], { timeoutSeconds: 1, testTimeoutSeconds: 0 });
    expect(result.results.map((r) => r.status)).toEqual(['timeout', 'timeout']);
    expect(result.results[1]?.errorMessage).toContain('before this test started');
  });
});
