// The constants family is written twice: in TypeScript for the built-in datasets and in Python for
// the built-in coder's pretraining corpus. This runs the Python side (a real interpreter from the
// project's .venv) on every problem of both splits and checks that it writes the same questions,
// tests, programs and retry prompts as the dataset and the coordinator.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildPrompt } from '../../src/algorithm/prompts.js';
import { DEFAULT_TEMPLATES } from '../../src/algorithm/templates.js';
import { scoreExecution } from '../../src/coordinator/rollout/execution-score.js';
import { loadDataset } from '../../src/datasets/load-dataset.js';
import { allTests, type Problem } from '../../src/datasets/problem.js';
import { CONSTANTS_HELDOUT, CONSTANTS_TRAIN, OPERATIONS, constantsProgram, constantsQuestion, constantOf, FUNCTION } from '../../src/datasets/builtin/constants.js';

const PYTHON = process.env.MURPHY_PYTHON ?? join(process.cwd(), '.venv', 'bin', 'python');

const SCRIPT = `
import json, sys
from murphy_inference import coder_corpus, constants_family as family
from murphy_inference.coordinator_prompts import build_prompt
out = []
for item in json.load(sys.stdin):
    op = family.operation(item["op"])
    wrong = coder_corpus.failed_attempt(op, item["fn"], item["k"], item["k"] + 1)
    out.append({
        "question": family.question(op, item["noun"]),
        "tests": family.tests(op, item["fn"], item["k"]),
        "program": family.program(op, item["fn"], item["k"]),
        "retry": build_prompt(family.question(op, item["noun"]), [wrong]),
        "failures": [list(f) for f in wrong.failures],
        "passed": wrong.passed,
        "total": wrong.total,
        "wrongCode": wrong.code,
        "wrongCompletion": wrong.completion,
    })
print(json.dumps(out))
`;

interface PythonSide {
  question: string;
  tests: string[];
  program: string;
  retry: { role: string; content: string }[];
  failures: [string, string][];
  passed: number;
  total: number;
  wrongCode: string;
  wrongCompletion: string;
}

describe('the constants family', () => {
  const problems = [...CONSTANTS_TRAIN, ...CONSTANTS_HELDOUT].map((record) => {
    const [, opName, noun] = record.id.split('/') as [string, string, string];
    const op = OPERATIONS.find((o) => o.name === opName);
    if (op === undefined) throw new Error(`no operation writes ${record.id}`);
    return { record, noun, fn: FUNCTION, op, k: constantOf(record.id) };
  });

  it('has a train split and a held-out split on different nouns, with constants 2 to 4', () => {
    expect(CONSTANTS_TRAIN).toHaveLength(64);
    expect(CONSTANTS_HELDOUT).toHaveLength(32);
    const names = (records: typeof CONSTANTS_TRAIN) => new Set(records.map((r) => r.id.split('/')[2]));
    const train = names(CONSTANTS_TRAIN);
    expect([...names(CONSTANTS_HELDOUT)].some((name) => train.has(name))).toBe(false);
    expect(new Set(problems.map((p) => p.k))).toEqual(new Set([2, 3, 4]));
    expect(new Set(problems.map((p) => p.op.name)).size).toBe(4);
  });

  it('is written the same way by the dataset and by the pretraining corpus', async () => {
    const sets = await Promise.all(['builtin:constants', 'builtin:constants-heldout'].map((source) => loadDataset({ source, format: 'auto', seed: 0, visibleTests: 2 }, process.cwd())));
    const loaded = new Map(sets.flat().map((p) => [p.id, p]));
    const input = JSON.stringify(problems.map(({ noun, fn, op, k }) => ({ op: op.name, noun, fn, k })));
    const run = spawnSync(PYTHON, ['-c', SCRIPT], { input, encoding: 'utf8', timeout: 120_000 });
    if (run.status !== 0) throw new Error(`python exited ${run.status}: ${run.stderr}`);
    const python = JSON.parse(run.stdout) as PythonSide[];
    problems.forEach(({ record, noun, fn, op, k }, i) => {
      const side = python[i] as PythonSide;
      expect(side.question).toBe(record.question);
      expect(side.question).toBe(constantsQuestion(op, noun));
      const sources = [...('visible' in record ? record.visible : []), ...('hidden' in record ? record.hidden : [])].map((t) => (t as { source: string }).source);
      expect(side.tests).toEqual(sources);
      expect(side.program).toBe(constantsProgram(op, fn, k));
      // The retry prompt the coordinator would build from the same failed attempt, whose feedback
      // covers the whole suite (dataset.feedbackTests: all): the execution scored as the coordinator scores it.
      const problem = loaded.get(record.id) as Problem;
      const outcomes = allTests(problem).map((test) => {
        const failure = side.failures.find(([source]) => source === (test as { source: string }).source);
        return failure ? { status: 'failed' as const, actual: failure[1] } : { status: 'passed' as const, actual: '' };
      });
      const { feedback } = scoreExecution(problem, outcomes, 'all');
      expect([feedback.passed, feedback.total]).toEqual([side.passed, side.total]);
      const history = [{ completion: side.wrongCompletion, code: side.wrongCode, feedback }];
      expect(side.retry).toEqual(buildPrompt(record.question, history, DEFAULT_TEMPLATES));
    });
  });
});
