import { describe, expect, it } from '@jest/globals';
import { executorTests, requestTimeoutSeconds } from './executor-tests.js';
import type { TestCase } from './problem.js';

describe('executorTests', () => {
  it('sends asserts with the setup, stdio as stdio, and each test module once, naming the result that scores each test', () => {
    const module = 'import unittest\nclass TestCases(unittest.TestCase):\n    def test_a(self):\n        pass\n';
    const tests: TestCase[] = [
      { kind: 'assert', name: 'a', source: 'assert f() == 1' },
      { kind: 'pytest', name: 'TestCases.test_a', source: module, function: 'TestCases::test_a' },
      { kind: 'stdio', name: 's', input: '1\n', expected: '2\n' },
      { kind: 'pytest', name: 'TestCases.test_b', source: module, function: 'TestCases::test_b' },
      { kind: 'pytest', name: 'test_c', source: 'def test_c():\n    pass\n', function: 'test_c' },
    ];
    expect(executorTests(tests, 'import math')).toEqual({
      tests: [
        { name: 't0', kind: 'code', source: 'import math\nassert f() == 1' },
        { name: 'module0', kind: 'module', source: module },
        { name: 't2', kind: 'stdio', stdin: '1\n', stdout: '2\n' },
        { name: 'module1', kind: 'module', source: 'def test_c():\n    pass\n' },
      ],
      resultNames: ['t0', 'module0::TestCases::test_a', 't2', 'module0::TestCases::test_b', 'module1::test_c'],
    });
    expect(executorTests([tests[0]!], '').tests).toEqual([{ name: 't0', kind: 'code', source: 'assert f() == 1' }]);
  });

  it('gives a request the per-test limit once per test', () => {
    expect(requestTimeoutSeconds(10, 4)).toBe(40);
    expect(requestTimeoutSeconds(10, 0)).toBe(10);
  });
});
