// unittest semantics of a test class's methods (BigCodeBench's tests) through the real engine, in
// both sandbox modes: each failing method is reported with its assertion message, a failing
// subTest fails its method, setUp and setUpClass failures fail the methods they guard, an
// expectedFailure that passes fails, and class fixtures, setUp and tearDown run around each method.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testModule } from '../../src/datasets/formats/bigcodebench.js';
import { Engine } from '../../src/executor/engine.js';
import type { SandboxMode } from '../../src/executor/sandbox.js';

const program = 'def task_func(n):\n    return n * 2\n';

const tests = testModule([
  'import unittest',
  'class TestCases(unittest.TestCase):',
  '    events = []',
  '    @classmethod',
  '    def setUpClass(cls):',
  '        cls.events.append("setUpClass")',
  '    def setUp(self):',
  '        self.events.append("setUp")',
  '    def tearDown(self):',
  '        self.events.append("tearDown")',
  '    def test_order(self):',
  '        self.assertEqual(self.events[-2:], ["setUpClass", "setUp"])',
  '        self.assertEqual(task_func(2), 4)',
  '    def test_message(self):',
  '        self.assertEqual(task_func(2), 5, "doubling 2")',
  '    def test_subtest(self):',
  '        for n, expected in [(1, 2), (3, 7)]:',
  '            with self.subTest(n=n):',
  '                self.assertEqual(task_func(n), expected)',
  '    @unittest.expectedFailure',
  '    def test_unexpected_success(self):',
  '        self.assertEqual(task_func(1), 2)',
  'class TestBrokenSetUp(unittest.TestCase):',
  '    def setUp(self):',
  '        raise RuntimeError("no fixture")',
  '    def test_never_runs(self):',
  '        pass',
  'class TestBrokenClass(unittest.TestCase):',
  '    @classmethod',
  '    def setUpClass(cls):',
  '        raise OSError("no class fixture")',
  '    def test_never_runs(self):',
  '        pass',
].join('\n'));

describe.each(['bwrap', 'process'] as SandboxMode[])('unittest test classes in %s mode', (mode) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.start({ sandbox: mode, concurrency: 1 });
  }, 60_000);
  afterAll(async () => {
    await engine.close();
  });

  it('reports each method with its verdict and assertion message', async () => {
    const result = await engine.execute({ code: program, tests: [{ name: 'm', kind: 'module', source: tests }], moduleName: 'solution', timeoutSeconds: 60, testTimeoutSeconds: 20 });
    expect(result.results.map((r) => [r.name, r.status, r.errorType, r.errorMessage])).toEqual([
      ['m::TestCases::test_order', 'passed', '', ''],
      ['m::TestCases::test_message', 'failed', 'AssertionError', '4 != 5 : doubling 2'],
      ['m::TestCases::test_subtest', 'failed', 'AssertionError', '6 != 7 [n=3]'],
      ['m::TestCases::test_unexpected_success', 'failed', 'AssertionError', 'test_unexpected_success is marked expectedFailure but passed (an unexpected success)'],
      ['m::TestBrokenSetUp::test_never_runs', 'error', 'RuntimeError', 'no fixture'],
      ['m::TestBrokenClass::test_never_runs', 'error', 'OSError', 'no class fixture'],
    ]);
    expect(result.results[1]?.traceback).toContain('self.assertEqual(task_func(2), 5, "doubling 2")');
  }, 60_000);
});
