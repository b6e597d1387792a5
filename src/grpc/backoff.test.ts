import { describe, expect, it } from '@jest/globals';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  const options = { initialMs: 100, maxMs: 1000, factor: 2 };

  it('grows exponentially up to the maximum', () => {
    const top = { ...options, random: () => 0.999999 };
    expect([0, 1, 2, 3, 4, 10].map((n) => backoffDelay(n, top))).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('spreads retries over the whole window (full jitter)', () => {
    expect(backoffDelay(3, { ...options, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { ...options, random: () => 0.5 })).toBe(400);
  });
});
