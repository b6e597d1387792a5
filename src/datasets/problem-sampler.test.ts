import { describe, expect, it } from '@jest/globals';
import { ProblemSampler } from './problem-sampler.js';
import type { Problem } from './problem.js';

const problems: Problem[] = Array.from({ length: 7 }, (_, i) => ({ id: `p${i}`, question: '', setup: '', visibleTests: [], hiddenTests: [] }));

describe('ProblemSampler', () => {
  it('visits every problem once per epoch, in a seeded order', () => {
    const sampler = new ProblemSampler(problems, 3);
    const epoch0 = sampler.draw(0, 7).map((p) => p.id);
    const epoch1 = sampler.draw(7, 7).map((p) => p.id);
    expect([...epoch0].sort()).toEqual(problems.map((p) => p.id));
    expect([...epoch1].sort()).toEqual(problems.map((p) => p.id));
    expect(epoch0).not.toEqual(epoch1);
  });

  it('depends only on seed and cursor, so a resumed run draws what it would have drawn', () => {
    const straight = new ProblemSampler(problems, 11).draw(0, 20).map((p) => p.id);
    const resumed = new ProblemSampler(problems, 11);
    const pieces = [resumed.draw(0, 3), resumed.draw(3, 9), new ProblemSampler(problems, 11).draw(12, 8)].flat().map((p) => p.id);
    expect(pieces).toEqual(straight);
    expect(new ProblemSampler(problems, 12).draw(0, 20).map((p) => p.id)).not.toEqual(straight);
  });
});
