// BigCodeBench (and BigCodeBench-Hard) records as released: {task_id, complete_prompt,
// instruct_prompt, code_prompt, canonical_solution, test, entry_point, libs, doc_struct}, or in the
// annotation form with `prompt` and `instruction`. `test` is a unittest module that uses the
// program's names without importing them (BigCodeBench runs program and test as one file); every
// test_* method of its unittest.TestCase classes is one test. The split picks the prompt: the
// natural-language instruction (instruct) or the signature and docstring to complete (complete).
import { z } from 'zod';
import { DatasetError } from '../dataset-error.js';
import type { ProblemRecord, TestCase } from '../problem.js';
import { moduleTests } from './test-methods.js';

export type BigCodeBenchSplit = 'instruct' | 'complete';

/** The split when the dataset spec names none: the paper's models are instruction-tuned. */
export const DEFAULT_SPLIT: BigCodeBenchSplit = 'instruct';

/** `libs` as released is a string holding a Python list ("['pandas', 'numpy']"); the annotation form may give a list. */
export function libsOf(libs: string | readonly string[] | undefined): string[] {
  if (libs === undefined) return [];
  const text = typeof libs === 'string' ? libs : libs.join(',');
  return [...new Set(text.match(/[A-Za-z_][\w.]*/g) ?? [])];
}

/** `Class::method` for every test_* method of the module's top-level unittest.TestCase classes, in source order. */
export function unittestMethods(module: string): string[] {
  return moduleTests(module).methods.filter((m) => m.unittest).map((m) => m.name);
}

export const bigCodeBenchSchema = z
  .looseObject({
    task_id: z.union([z.string(), z.number()]),
    entry_point: z.string().min(1),
    test: z.string().refine((test) => unittestMethods(test).length > 0, 'defines no unittest.TestCase class with test_* methods'),
    libs: z.union([z.string(), z.array(z.string())]),
    complete_prompt: z.string().min(1).optional(),
    instruct_prompt: z.string().min(1).optional(),
    code_prompt: z.string().optional(),
    canonical_solution: z.string().optional(),
    prompt: z.string().min(1).optional(),
    instruction: z.string().min(1).optional(),
  })
  .refine((record) => record.complete_prompt !== undefined || record.prompt !== undefined, {
    message: 'is required (complete_prompt, or prompt in the annotation form)',
    path: ['complete_prompt'],
  });

type BigCodeBenchRecord = z.output<typeof bigCodeBenchSchema>;

function questionOf(record: BigCodeBenchRecord, split: BigCodeBenchSplit, where: string): string {
  if (split === 'instruct') {
    const instruction = record.instruct_prompt ?? record.instruction;
    if (instruction === undefined) throw new DatasetError(`${where}: has no instruct_prompt (or instruction) for spec.dataset.split instruct; use split: complete`);
    return instruction.trim();
  }
  return [
    'Complete the following Python program. Give the whole program: the imports, the signature and the body.',
    '```python',
    (record.complete_prompt ?? record.prompt ?? '').trimEnd(),
    '```',
  ].join('\n');
}

/** The reference program as BigCodeBench's ground-truth check runs it: the prompt to complete, then the solution. */
function referenceOf(record: BigCodeBenchRecord): string | undefined {
  if (record.canonical_solution === undefined) return undefined;
  return `${record.complete_prompt ?? record.prompt ?? record.code_prompt ?? ''}\n${record.canonical_solution}`;
}

/** The test module as the judge runs it: its free names (task_func, the program's constants) are the program's, as in BigCodeBench's one file. */
export function testModule(test: string, moduleName = 'solution'): string {
  return `from ${moduleName} import *\n${test}`;
}

export function bigCodeBenchProblem(record: BigCodeBenchRecord, _fallbackId: string, options: { split: BigCodeBenchSplit; where: string }): ProblemRecord {
  const source = testModule(record.test);
  const tests = unittestMethods(record.test).map((method): TestCase => ({ kind: 'pytest', name: method.replace('::', '.'), source, function: method }));
  const reference = referenceOf(record);
  return {
    id: String(record.task_id),
    question: questionOf(record, options.split, options.where),
    setup: '',
    tests,
    libs: libsOf(record.libs),
    ...(reference === undefined ? {} : { reference }),
  };
}
