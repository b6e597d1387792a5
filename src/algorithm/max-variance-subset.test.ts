import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { maxVarianceSubset } from './max-variance-subset.js';
import { populationVariance } from './statistics.js';

function bruteForceBest(values: number[], size: number): number {
  let best = -Infinity;
  const visit = (start: number, chosen: number[]) => {
    if (chosen.length === size) {
      best = Math.max(best, populationVariance(chosen.map((i) => values[i] as number)));
      return;
    }
    for (let i = start; i < values.length; i++) visit(i + 1, [...chosen, i]);
  };
  visit(0, []);
  return best;
}

describe('maxVarianceSubset', () => {
  it('finds a subset as good as exhaustive search', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 9 }), fc.integer({ min: 1, max: 9 }), (ints, b) => {
        const values = ints.map((v) => v / 10);
        const size = Math.min(b, values.length);
        const chosen = maxVarianceSubset(values, size);
        expect(chosen).toHaveLength(size);
        expect(new Set(chosen).size).toBe(size);
        expect(populationVariance(chosen.map((i) => values[i] as number))).toBeCloseTo(bruteForceBest(values, size), 9);
      }),
    );
  });

  it('keeps the extremes and breaks ties by generation order', () => {
    expect(maxVarianceSubset([0.5, 0, 1, 0, 1], 2)).toEqual([1, 2]);
    expect(maxVarianceSubset([0, 0, 0, 0], 2)).toEqual([0, 1]);
    expect(maxVarianceSubset([1, 0, 0, 1, 0], 2)).toEqual([0, 1]);
    expect(maxVarianceSubset([1, 0, 0, 1, 0], 4)).toEqual([0, 1, 2, 3]);
  });

  it('keeps everything when the budget is at least the group size', () => {
    expect(maxVarianceSubset([0.3, 0.1], 5)).toEqual([0, 1]);
  });
});
