// MBPP-style records: {task_id, text, test_list, test_setup_code, challenge_test_list}. The first
// assert is shown in the question (it carries the function name the tests call), so it is the
// visible test; the other asserts and the challenge tests are hidden.
import { z } from 'zod';
import type { ProblemRecord, TestCase } from '../problem.js';

export const mbppSchema = z.looseObject({
  task_id: z.union([z.string(), z.number()]).optional(),
  text: z.string().min(1),
  test_list: z.array(z.string()).min(1),
  test_setup_code: z.string().optional(),
  challenge_test_list: z.array(z.string()).optional(),
  code: z.string().optional(),
});

export function mbppProblem(record: z.output<typeof mbppSchema>, fallbackId: string): ProblemRecord {
  const asserts = [...record.test_list, ...(record.challenge_test_list ?? [])].filter((t) => t.trim() !== '');
  const tests = asserts.map((source, i): TestCase => ({ kind: 'assert', name: `test_${i}`, source: source.trim() }));
  const example = tests[0];
  const question = `${record.text.trim()}\nYour code should pass this test:\n${record.test_list[0]?.trim() ?? ''}`;
  const split = example === undefined ? undefined : { visible: [example], hidden: tests.slice(1) };
  return {
    id: String(record.task_id ?? fallbackId),
    question,
    setup: record.test_setup_code?.trim() ?? '',
    tests,
    ...(split === undefined ? {} : { split }),
    ...(record.code === undefined ? {} : { reference: record.code }),
  };
}
