// KodCode-style records: {question, test, test_info?}, where `test` is a pytest module that imports
// the solution (`from solution import f`). Every top-level `def test*` and every `def test*` method
// of a Test* class is one test; a module with none is refused at load.
import { z } from 'zod';
import type { ProblemRecord, TestCase } from '../problem.js';
import { moduleTests } from './test-methods.js';

export const kodcodeSchema = z.looseObject({
  question_id: z.string().optional(),
  conversation_id: z.string().optional(),
  question: z.string().min(1),
  test: z.string().refine((test) => pytestTests(test).length > 0, 'defines no test_* functions or methods of Test* classes'),
  solution: z.string().optional(),
  test_info: z
    .array(z.looseObject({ function_declaration: z.string().optional() }))
    .nullable()
    .optional(),
});

/** The module's tests as the executor collects them: top-level functions, then methods of test classes. */
export function pytestTests(module: string): string[] {
  const { functions, methods } = moduleTests(module);
  return [...functions, ...methods.map((m) => m.name)];
}

function questionOf(record: z.output<typeof kodcodeSchema>): string {
  const declarations = (record.test_info ?? []).map((info) => info.function_declaration?.trim()).filter((d) => d);
  if (declarations.length === 0) return record.question.trim();
  return `${record.question.trim()}\n\nNote that the function declaration is: ${declarations.join('; ')}`;
}

export function kodcodeProblem(record: z.output<typeof kodcodeSchema>, fallbackId: string): ProblemRecord {
  const tests = pytestTests(record.test).map((name): TestCase => ({ kind: 'pytest', name: name.replace('::', '.'), source: record.test, function: name }));
  const id = record.question_id ?? record.conversation_id ?? fallbackId;
  return { id, question: questionOf(record), setup: '', tests, ...(record.solution === undefined ? {} : { reference: record.solution }) };
}
