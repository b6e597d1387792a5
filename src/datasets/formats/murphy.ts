// murphy's own record format: the problem type written out, with either `tests` (split drawn by
// murphy) or explicit `visible` and `hidden` lists. Test names default to test_<index>.
import { z } from 'zod';
import type { ProblemRecord, TestCase } from '../problem.js';

const testSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('assert'), name: z.string().optional(), source: z.string().min(1) }),
  z.strictObject({ kind: z.literal('pytest'), name: z.string().optional(), source: z.string().min(1), function: z.string().min(1) }),
  z.strictObject({ kind: z.literal('stdio'), name: z.string().optional(), input: z.string(), expected: z.string() }),
]);

export const murphyRecordSchema = z.union([
  z.strictObject({ id: z.string().min(1), question: z.string().min(1), setup: z.string().optional(), tests: z.array(testSchema).min(1) }),
  z.strictObject({
    id: z.string().min(1),
    question: z.string().min(1),
    setup: z.string().optional(),
    visible: z.array(testSchema),
    hidden: z.array(testSchema),
  }),
]);

export type MurphyRecord = z.input<typeof murphyRecordSchema>;

function named(tests: readonly z.output<typeof testSchema>[], offset: number): TestCase[] {
  return tests.map((test, i) => ({ ...test, name: test.name ?? `test_${offset + i}` }) as TestCase);
}

export function murphyProblem(record: z.output<typeof murphyRecordSchema>): ProblemRecord {
  const base = { id: record.id, question: record.question, setup: record.setup ?? '' };
  if ('tests' in record) return { ...base, tests: named(record.tests, 0) };
  const visible = named(record.visible, 0);
  const hidden = named(record.hidden, visible.length);
  return { ...base, tests: [...visible, ...hidden], split: { visible, hidden } };
}
