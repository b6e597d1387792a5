// KodCode-style records: {question, test, test_info?}, where `test` is a pytest module that imports
// the solution (`from solution import f`). Every top-level `def test_*` is one test.
import { z } from 'zod';
import type { ProblemRecord, TestCase } from '../problem.js';

export const kodcodeSchema = z.looseObject({
  question_id: z.string().optional(),
  conversation_id: z.string().optional(),
  question: z.string().min(1),
  test: z.string().min(1),
  solution: z.string().optional(),
  test_info: z
    .array(z.looseObject({ function_declaration: z.string().optional() }))
    .nullable()
    .optional(),
});

export function pytestFunctions(module: string): string[] {
  return [...module.matchAll(/^def (test_\w*)\s*\(/gm)].map((m) => m[1] as string);
}

function questionOf(record: z.output<typeof kodcodeSchema>): string {
  const declarations = (record.test_info ?? []).map((info) => info.function_declaration?.trim()).filter((d) => d);
  if (declarations.length === 0) return record.question.trim();
  return `${record.question.trim()}\n\nNote that the function declaration is: ${declarations.join('; ')}`;
}

export function kodcodeProblem(record: z.output<typeof kodcodeSchema>, fallbackId: string): ProblemRecord {
  const tests = pytestFunctions(record.test).map((name): TestCase => ({ kind: 'pytest', name, source: record.test, function: name }));
  const id = record.question_id ?? record.conversation_id ?? fallbackId;
  return { id, question: questionOf(record), setup: '', tests, ...(record.solution === undefined ? {} : { reference: record.solution }) };
}
