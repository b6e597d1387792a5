// The visible/hidden split. A problem that brings its own split keeps it; otherwise `count` tests
// are drawn at random (seeded by the dataset seed and the problem id, so every run and every
// component draws the same ones) as the visible tests and the rest are hidden.
import { hashSeed } from './hash-seed.js';
import type { Problem, ProblemRecord, TestCase } from './problem.js';
import { shuffledIndices } from './shuffle.js';

export function splitTests(record: ProblemRecord, count: number, seed: number): Problem {
  const { id, question, setup } = record;
  if (record.split) return { id, question, setup, visibleTests: record.split.visible, hiddenTests: record.split.hidden };
  const visible = new Set(shuffledIndices(record.tests.length, hashSeed(seed, id)).slice(0, count));
  const pick = (want: boolean): TestCase[] => record.tests.filter((_, i) => visible.has(i) === want);
  return { id, question, setup, visibleTests: pick(true), hiddenTests: pick(false) };
}
