import { describe, expect, it } from '@jest/globals';
import type { Problem } from '../../datasets/problem.js';
import { failedExecution, scoreExecution } from './execution-score.js';

const problem: Problem = {
  id: 'p',
  question: 'q',
  setup: '',
  visibleTests: [{ kind: 'assert', name: 'a', source: 'assert f(1) == 2' }, { kind: 'stdio', name: 'b', input: '1', expected: '2' }],
  hiddenTests: [{ kind: 'assert', name: 'c', source: 'assert f(SECRET) == 3' }, { kind: 'assert', name: 'd', source: 'assert f(4) == 5' }],
};

describe('scoreExecution', () => {
  it('rewards the fraction of all tests and reports only visible failures', () => {
    const score = scoreExecution(problem, [
      { status: 'failed', actual: '3' },
      { status: 'passed', actual: '' },
      { status: 'failed', actual: '9' },
      { status: 'passed', actual: '' },
    ]);
    expect(score.reward).toBe(0.5);
    expect(score.feedback).toEqual({ passed: 1, total: 2, failures: [{ test: 'assert f(1) == 2', actual: '3' }] });
    expect(JSON.stringify(score.feedback)).not.toContain('SECRET');
  });

  it('says when a test timed out or crashed', () => {
    const score = scoreExecution(problem, [
      { status: 'timeout', actual: '' },
      { status: 'crashed', actual: '' },
      { status: 'passed', actual: '' },
      { status: 'passed', actual: '' },
    ]);
    expect(score.feedback.failures.map((f) => f.actual)).toEqual(['timed out', 'the program crashed']);
    expect(score.statuses).toEqual({ timeout: 1, crashed: 1, passed: 2 });
  });

  it('scores an execution without outcomes as 0 with the reason in every visible failure', () => {
    const score = failedExecution(problem, 'timeout', 'the program did not finish within the time limit');
    expect(score.reward).toBe(0);
    expect(score.feedback.failures).toHaveLength(2);
    expect(score.feedback.failures.every((f) => f.actual.includes('did not finish'))).toBe(true);
  });

  it('refuses outcomes that do not match the tests', () => {
    expect(() => scoreExecution(problem, [])).toThrow(/0 outcomes for 4 tests of p/);
  });
});
