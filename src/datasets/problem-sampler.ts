// Draws problems in a shuffled order that is a pure function of (seed, cursor): epoch e visits
// every problem once in the permutation seeded by (seed, e). The coordinator stores only the cursor,
// so a resumed run draws exactly the problems it would have drawn.
import { hashSeed } from './hash-seed.js';
import type { Problem } from './problem.js';
import { shuffledIndices } from './shuffle.js';

export class ProblemSampler {
  private readonly permutations = new Map<number, number[]>();

  constructor(
    private readonly problems: readonly Problem[],
    private readonly seed: number,
  ) {
    if (problems.length === 0) throw new RangeError('a sampler needs at least one problem');
  }

  get size(): number {
    return this.problems.length;
  }

  /** The problem at absolute position `position` of the endless shuffled sequence. */
  at(position: number): Problem {
    const epoch = Math.floor(position / this.problems.length);
    const index = this.permutation(epoch)[position % this.problems.length] as number;
    return this.problems[index] as Problem;
  }

  /** `count` problems starting at `cursor`. */
  draw(cursor: number, count: number): Problem[] {
    return Array.from({ length: count }, (_, i) => this.at(cursor + i));
  }

  private permutation(epoch: number): number[] {
    let order = this.permutations.get(epoch);
    if (order === undefined) {
      order = shuffledIndices(this.problems.length, hashSeed(this.seed, `epoch-${epoch}`));
      this.permutations.clear(); // only the current epoch is ever needed again
      this.permutations.set(epoch, order);
    }
    return order;
  }
}
