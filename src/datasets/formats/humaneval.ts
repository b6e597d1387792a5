// HumanEval-style records: {task_id, prompt, entry_point, test}, where `test` defines
// `check(candidate)` (a record whose test does not is not a HumanEval record). Simple check
// functions (only one-line asserts) are split into one test per assert, so the reward is a
// fraction of tests and feedback can name the failing assert; anything else stays one test that
// calls check().
import { z } from 'zod';
import type { ProblemRecord, TestCase } from '../problem.js';

/** HumanEval's test defines check(candidate), which the loader calls with the entry point. */
const DEFINES_CHECK = /^def check\(/m;

export const humanEvalSchema = z.looseObject({
  task_id: z.union([z.string(), z.number()]).optional(),
  prompt: z.string(),
  entry_point: z.string().min(1),
  test: z.string().regex(DEFINES_CHECK, 'does not define check(candidate), the function a HumanEval test calls'),
  canonical_solution: z.string().optional(),
});

interface CheckParts {
  readonly prelude: string;
  readonly asserts: string[];
}

/** Splits `test` into the code before `def check` and check's one-line asserts, or null if not that simple. */
export function splitCheck(test: string): CheckParts | null {
  const lines = test.split('\n');
  const start = lines.findIndex((line) => /^def check\(\s*candidate\s*\)\s*:/.test(line));
  if (start < 0) return null;
  const asserts: string[] = [];
  let end = start + 1;
  for (; end < lines.length; end++) {
    const line = lines[end] as string;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) break;
    if (!/^ {4}assert\b/.test(line) && !/^\tassert\b/.test(line)) return null;
    asserts.push(line.trim());
  }
  const after = lines.slice(end).filter((line) => line.trim() !== '');
  if (asserts.length === 0 || after.length > 0) return null;
  return { prelude: lines.slice(0, start).join('\n').trim(), asserts };
}

function testsOf(test: string, entryPoint: string): { setup: string; tests: TestCase[] } {
  const parts = splitCheck(test);
  if (parts === null) {
    return { setup: '', tests: [{ kind: 'assert', name: 'check', source: `${test}\n\ncheck(${entryPoint})` }] };
  }
  const tests = parts.asserts.map((line, i): TestCase => ({
    kind: 'assert', name: `test_${i}`, source: line.replace(/\bcandidate\b/g, entryPoint),
  }));
  return { setup: parts.prelude, tests };
}

export function humanEvalProblem(record: z.output<typeof humanEvalSchema>, fallbackId: string): ProblemRecord {
  const question = [
    'Complete the following Python function. Give the whole function, including the signature.',
    '```python',
    record.prompt.trimEnd(),
    '```',
  ].join('\n');
  const reference = record.canonical_solution === undefined ? {} : { reference: `${record.prompt}${record.canonical_solution}` };
  return { id: String(record.task_id ?? fallbackId), question, ...testsOf(record.test, record.entry_point), ...reference };
}
