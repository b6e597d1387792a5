import { describe, expect, it } from '@jest/globals';
import { solved, treeOutcome } from './outcome.js';

const attempt = (turn: number, passed: number, total = 4) => ({ turn, passed, total });

describe('treeOutcome', () => {
  it('is solved on turn 1 when a first attempt passed every test, whatever the retries did', () => {
    expect(treeOutcome([attempt(1, 1), attempt(1, 4), attempt(2, 0)])).toBe('first-turn');
  });

  it('is solved after feedback when only a retry passed every test', () => {
    expect(treeOutcome([attempt(1, 3), attempt(2, 1), attempt(2, 4)])).toBe('after-feedback');
  });

  it('is never solved when no attempt passed every test', () => {
    expect(treeOutcome([attempt(1, 3), attempt(2, 3)])).toBe('never');
    expect(treeOutcome([])).toBe('never');
  });

  it('does not count a problem without tests as solved', () => {
    expect(solved(attempt(1, 0, 0))).toBe(false);
  });
});
