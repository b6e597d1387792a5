import { describe, expect, it } from '@jest/globals';
import { passAt1, passAt1Table } from './pass-at-1.js';
import { passedAt, type AttemptRecord, type ProblemRecord } from './problem-record.js';

const attempt = (suitePassed: boolean): AttemptRecord => ({
  iteration: 1, seed: 0, prompt: [], completion: '', finishReason: 'stop', code: '',
  feedback: { passed: 0, total: 0, failures: [] }, suite: { passed: suitePassed ? 2 : 1, total: 2 },
});

const record = (run: number, problem: string, outcomes: boolean[], dataset = 'd'): ProblemRecord => ({
  dataset, run, problem, visibleTests: [], hiddenTests: [],
  attempts: outcomes.map(attempt), stopped: 'iteration-limit',
});

describe('passedAt', () => {
  it('reads the program a k-iteration loop ends with, the last attempt when the loop stopped earlier', () => {
    const r = record(0, 'p', [false, true]);
    expect([1, 2, 3, 10].map((k) => passedAt(r, k))).toEqual([false, true, true, true]);
    expect(passedAt(record(0, 'q', [true, false]), 2)).toBe(false);
  });

  it('counts a program that passes only part of the suite as failed', () => {
    expect(passedAt({ attempts: [{ ...attempt(true), suite: { passed: 1, total: 2 } }] }, 1)).toBe(false);
    expect(passedAt({ attempts: [] }, 1)).toBe(false);
  });
});

describe('passAt1', () => {
  it('is the mean and sample std over runs of the per-run pass rates, per dataset', () => {
    const records = [
      record(0, 'a', [true]), record(0, 'b', [false, true]),
      record(1, 'a', [false, false]), record(1, 'b', [false, false]),
      record(0, 'a', [false], 'other'),
    ];
    const at1 = passAt1('d', records, 1, 2);
    expect(at1).toMatchObject({ problems: 2, runs: [0.5, 0] });
    expect(at1.mean).toBeCloseTo(0.25);
    expect(at1.std).toBeCloseTo(Math.sqrt(0.125));
    expect(passAt1('d', records, 2, 2).runs).toEqual([1, 0]);
    expect(passAt1Table(['d', 'other'], [1, 3], records, 2).map((r) => [r.dataset, r.iterations])).toEqual([['d', 1], ['d', 3], ['other', 1], ['other', 3]]);
  });
});
