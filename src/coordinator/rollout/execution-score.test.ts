import { describe, expect, it } from '@jest/globals';
import { buildPrompt } from '../../algorithm/prompts.js';
import { DEFAULT_TEMPLATES } from '../../algorithm/templates.js';
import type { Problem } from '../../datasets/problem.js';
import { failedExecution, scoreExecution } from './execution-score.js';

const problem: Problem = {
  id: 'p',
  question: 'q',
  setup: '',
  visibleTests: [{ kind: 'assert', name: 'a', source: 'assert f(1) == 2' }, { kind: 'stdio', name: 'b', input: '1', expected: '2' }],
  hiddenTests: [{ kind: 'assert', name: 'c', source: 'assert f(SECRET) == 3' }, { kind: 'assert', name: 'd', source: 'assert f(4) == 5' }],
};

const halfFailing = [
  { status: 'failed', actual: '3' },
  { status: 'passed', actual: '' },
  { status: 'failed', actual: '9' },
  { status: 'passed', actual: '' },
] as const;

describe('scoreExecution', () => {
  it('rewards the fraction of all tests and, by default, reports them all', () => {
    const score = scoreExecution(problem, halfFailing, 'all');
    expect(score.reward).toBe(0.5);
    expect(score.feedback).toEqual({
      passed: 2,
      total: 4,
      failures: [{ test: 'assert f(1) == 2', actual: '3' }, { test: 'assert f(SECRET) == 3', actual: '9' }],
    });
  });

  it('reports only visible failures with feedbackTests visible (as evaluation does)', () => {
    const score = scoreExecution(problem, halfFailing, 'visible');
    expect(score.reward).toBe(0.5);
    expect([score.passed, score.total]).toEqual([2, 4]);
    expect(score.feedback).toEqual({ passed: 1, total: 2, failures: [{ test: 'assert f(1) == 2', actual: '3' }] });
    expect(JSON.stringify(score.feedback)).not.toContain('SECRET');
  });

  it('says when a test timed out or crashed', () => {
    const score = scoreExecution(problem, [
      { status: 'timeout', actual: '' },
      { status: 'crashed', actual: '' },
      { status: 'passed', actual: '' },
      { status: 'passed', actual: '' },
    ], 'all');
    expect(score.feedback.failures.map((f) => f.actual)).toEqual(['timed out', 'the program crashed']);
    expect(score.statuses).toEqual({ timeout: 1, crashed: 1, passed: 2 });
  });

  it('scores an execution without outcomes as 0 with the reason in every reported failure', () => {
    const score = failedExecution(problem, 'timeout', 'the program did not finish within the time limit', 'all');
    expect(score.reward).toBe(0);
    expect(score.feedback.failures).toHaveLength(4);
    expect(score.feedback.failures.every((f) => f.actual.includes('did not finish'))).toBe(true);
    expect(failedExecution(problem, 'timeout', 'late', 'visible').feedback.failures).toHaveLength(2);
  });

  it('refuses outcomes that do not match the tests', () => {
    expect(() => scoreExecution(problem, [], 'all')).toThrow(/0 outcomes for 4 tests of p/);
  });
});

describe('the retry prompt built from an execution', () => {
  const six: Problem = {
    id: 'six',
    question: 'Write add(a, b).',
    setup: '',
    visibleTests: [0, 1].map((i) => ({ kind: 'assert' as const, name: `t${i}`, source: `assert add(${i}, 1) == ${i + 1}` })),
    hiddenTests: [2, 3, 4, 5].map((i) => ({ kind: 'assert' as const, name: `t${i}`, source: `assert add(${i}, 1) == ${i + 1}` })),
  };
  const oneFailing = (index: number) => six.visibleTests.concat(six.hiddenTests).map((_, i) => (i === index ? { status: 'failed' as const, actual: '99' } : { status: 'passed' as const, actual: '' }));
  const retryPrompt = (failing: number, feedbackTests: 'all' | 'visible') => {
    const { feedback } = scoreExecution(six, oneFailing(failing), feedbackTests);
    return buildPrompt(six.question, [{ completion: 'def add(a, b): ...', code: 'def add(a, b): ...', feedback }], DEFAULT_TEMPLATES)[1]?.content ?? '';
  };

  it('of a problem with 6 tests and 1 failure names that failing test, wherever it sits in the suite', () => {
    for (let failing = 0; failing < 6; failing++) {
      const user = retryPrompt(failing, 'all');
      expect(user).toContain('Passed: 5/6 tests');
      expect(user).toContain('Failed: 1/6 tests');
      expect(user).toContain(`assert add(${failing}, 1) == ${failing + 1}  # 99`);
    }
  });

  it('with feedbackTests visible says nothing of a failing hidden test', () => {
    const user = retryPrompt(4, 'visible');
    expect(user).toContain('Passed: 2/2 tests');
    expect(user).not.toContain('assert add(4, 1)');
  });
});
