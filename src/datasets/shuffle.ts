// A seeded Fisher-Yates permutation of 0..size-1.
import { seededRandom } from '../algorithm/synthetic-trees.js';

export function shuffledIndices(size: number, seed: number): number[] {
  const random = seededRandom(seed);
  const order = Array.from({ length: size }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}
