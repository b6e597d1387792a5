// The evaluation's bookkeeping, exactly: an oracle model whose answers are known (reference
// solutions, broken ones first, programs that fit only the visible tests) against the real executor.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evalReportSchema } from '../../src/eval/eval-report.js';
import { EVAL_FILES } from '../../src/eval/eval-output.js';
import type { ProblemRecord } from '../../src/eval/problem-record.js';
import { EvalHarness, readLines, settingsFor, tempDir, writeDataset } from './eval-harness.js';
import { ORACLE_CONTEXT_TOKENS, OracleInference, oracleReflection } from './oracle-inference.js';
import { connectEvalServices } from '../../src/eval/connect-eval-services.js';
import { MINI_SOLUTIONS } from './fixtures/mini-solutions.js';
import { HUMANEVAL_RECORD, SCRIPTED_RECORDS, scriptedPrograms, toJsonl } from './fixtures/scripted-problems.js';

const reference = (id: string): string => {
  const solution = MINI_SOLUTIONS[id];
  if (solution === undefined) throw new Error(`no reference solution for ${id}`);
  return solution;
};
const BROKEN = 'def solution():\n    return None';

let harness: EvalHarness;
beforeAll(async () => {
  harness = await EvalHarness.start();
});
afterAll(async () => {
  await harness.stop();
});

const rows = (report: { results: { iterations: number; mean: number; std: number; runs: number[] }[] }) =>
  report.results.map((r) => ({ iterations: r.iterations, mean: r.mean, std: r.std, runs: r.runs }));

describe('murphy eval against the oracle on builtin:mini', () => {
  it('scores 100 % at iteration 1 and 3 when the oracle is right at once, with one attempt per problem', async () => {
    const { report, records, oracle } = await harness.run(settingsFor(['builtin:mini']), reference);
    expect(rows(report)).toEqual([
      { iterations: 1, mean: 1, std: 0, runs: [1] },
      { iterations: 3, mean: 1, std: 0, runs: [1] },
    ]);
    expect(report.results[0]?.problems).toBe(30);
    expect(records).toHaveLength(30);
    expect(records.every((r) => r.attempts.length === 1 && r.stopped === 'visible-passed')).toBe(true);
    expect(records.every((r) => r.attempts[0]?.suite.passed === r.attempts[0]?.suite.total && r.attempts[0]?.suite.total === r.visibleTests.length + r.hiddenTests.length)).toBe(true);
    expect(oracle.received).toHaveLength(30);
  });

  it('takes the retry path when the first answer is broken: 0 % at iteration 1, 100 % at iteration 3', async () => {
    const { report, records, oracle } = await harness.run(settingsFor(['builtin:mini']), (id, iteration) => (iteration === 1 ? BROKEN : reference(id)));
    expect(rows(report)).toEqual([
      { iterations: 1, mean: 0, std: 0, runs: [0] },
      { iterations: 3, mean: 1, std: 0, runs: [1] },
    ]);
    expect(records.every((r) => r.attempts.length === 2 && r.stopped === 'visible-passed')).toBe(true);
    // Each retry prompt shows the broken attempt and its visible failures.
    const retries = oracle.received.filter((p) => p.iteration === 2);
    expect(retries).toHaveLength(30);
    for (const prompt of retries) {
      const user = prompt.messages[1]?.content ?? '';
      expect(user).toContain(BROKEN);
      expect(user).toContain('Passed: 0/2 tests');
      expect(user).toContain('NameError');
    }
  });
});

describe('murphy eval bookkeeping per path', () => {
  async function scripted(runs: number) {
    const dir = tempDir();
    const source = writeDataset(dir, 'scripted.jsonl', toJsonl(SCRIPTED_RECORDS));
    return harness.run(settingsFor([source], { iterations: [1, 2, 3], runs }), scriptedPrograms);
  }

  it('counts right-at-once, retried, visible-only, hidden-only and never-right problems exactly, per iteration and run', async () => {
    const { report, records, oracle, outDir } = await scripted(2);
    expect(rows(report)).toEqual([
      { iterations: 1, mean: 0.2, std: 0, runs: [0.2, 0.2] },
      { iterations: 2, mean: 0.4, std: 0, runs: [0.4, 0.4] },
      { iterations: 3, mean: 0.4, std: 0, runs: [0.4, 0.4] },
    ]);
    const of = (id: string, run = 0) => records.find((r) => r.problem === id && r.run === run) as ProblemRecord;
    expect(of('ok').attempts.map((a) => a.suite)).toEqual([{ passed: 4, total: 4 }]);
    expect(of('retry').attempts.map((a) => [a.feedback.passed, a.suite.passed])).toEqual([[0, 0], [2, 4]]);
    // Fits the visible tests, so the loop stops; the full suite decides that it failed.
    expect(of('overfit')).toMatchObject({ stopped: 'visible-passed', attempts: [{ feedback: { passed: 2, total: 2 }, suite: { passed: 2, total: 4 } }] });
    expect(of('stuck').attempts).toHaveLength(3);
    expect(of('stuck').stopped).toBe('iteration-limit');
    // Passes every hidden test but fails a visible one: not solved, at any iteration count.
    expect(of('hiddenonly')).toMatchObject({ stopped: 'iteration-limit', attempts: [{ feedback: { passed: 1, total: 2 }, suite: { passed: 3, total: 4 } }, {}, {}] });
    expect(oracle.received).toHaveLength(2 * (1 + 2 + 1 + 3 + 3));
    expect(oracle.received.every((p) => p.kind === 'program')).toBe(true);
    // Seeds: one per (run, problem, iteration), all distinct, recorded with the attempt that used them.
    const seeds = records.flatMap((r) => r.attempts.map((a) => a.seed));
    expect(new Set(seeds).size).toBe(seeds.length);
    expect(oracle.received.map((p) => p.seed).sort()).toEqual([...seeds].sort());
    // The files: records in fixed order, a report that parses, Markdown and metrics.
    const onDisk = readLines(join(outDir, EVAL_FILES.records)) as ProblemRecord[];
    expect(onDisk.map((r) => `${r.run}/${r.problem}`)).toEqual(['0/ok', '0/retry', '0/overfit', '0/stuck', '0/hiddenonly', '1/ok', '1/retry', '1/overfit', '1/stuck', '1/hiddenonly']);
    expect(evalReportSchema.parse(JSON.parse(readFileSync(join(outDir, EVAL_FILES.report), 'utf8')))).toEqual(report);
    expect(readFileSync(join(outDir, EVAL_FILES.markdown), 'utf8')).toContain('| scripted | 3 | 40.0 ± 0.0 | 5 | 2 |');
    expect(readFileSync(join(outDir, EVAL_FILES.metrics), 'utf8')).toContain('murphy_eval_pass_at_1{label="oracle",dataset="scripted",iterations="3"} 0.4');
  });

  it('replays: the same settings give the same seeds and records', async () => {
    const first = await scripted(1);
    const second = await scripted(1);
    const strip = (records: readonly ProblemRecord[]) => records.map((r) => ({ ...r, dataset: '' }));
    expect(strip(second.records)).toEqual(strip(first.records));
  });

  it('never shows a hidden test to the model, while visible failures are shown', async () => {
    const { oracle } = await scripted(1);
    const prompts = oracle.received.map((p) => p.messages.map((m) => m.content).join('\n'));
    expect(prompts.some((text) => text.includes('VISIBLE-stuck-0'))).toBe(true);
    for (const text of prompts) expect(text).not.toContain('HIDDEN');
  });
});

describe('murphy eval\'s completion cap', () => {
  it('is the served model\'s context, as its inference service reports it in Health', async () => {
    const oracle = await new OracleInference([], scriptedPrograms).start();
    const services = connectEvalServices({ inference: oracle.address, executor: harness.executorAddress });
    try {
      expect(await services.maxContextTokens()).toBe(ORACLE_CONTEXT_TOKENS);
    } finally {
      services.close();
      await oracle.stop();
    }
  });
});

describe('murphy eval with Reflexion\'s self-reflection step', () => {
  it('reflects on each failed attempt that gets another iteration and shows the reflection in the next prompt', async () => {
    const source = writeDataset(tempDir(), 'scripted.jsonl', toJsonl(SCRIPTED_RECORDS));
    const { report, records, oracle } = await harness.run(settingsFor([source], { iterations: [1, 3], selfReflection: true }), scriptedPrograms);
    // The reflections change the prompts, not the scripted programs: the same pass@1 as without them.
    expect(rows(report)).toEqual([
      { iterations: 1, mean: 0.2, std: 0, runs: [0.2] },
      { iterations: 3, mean: 0.4, std: 0, runs: [0.4] },
    ]);
    const of = (id: string) => records.find((r) => r.problem === id) as ProblemRecord;
    // stuck fails three times: reflections after attempts 1 and 2, none after the last.
    expect(of('stuck').attempts.map((a) => a.reflection?.reflection)).toEqual([oracleReflection('stuck', 1), oracleReflection('stuck', 2), undefined]);
    expect(of('retry').attempts.map((a) => a.reflection?.reflection)).toEqual([oracleReflection('retry', 1), undefined]);
    expect(of('ok').attempts[0]?.reflection).toBeUndefined();
    // The reflection prompt shows the failed attempt with its visible feedback, never a hidden test.
    const asked = oracle.received.filter((p) => p.kind === 'reflection');
    expect(asked.map((p) => `${p.problem}/${p.iteration - 1}`).sort()).toEqual(['hiddenonly/1', 'hiddenonly/2', 'retry/1', 'stuck/1', 'stuck/2']);
    const stuckAsk = asked.find((p) => p.problem === 'stuck' && p.iteration === 2)?.messages[1]?.content ?? '';
    expect(stuckAsk).toContain('## Attempt 1');
    expect(stuckAsk).toContain('VISIBLE-stuck-0');
    for (const prompt of oracle.received) expect(prompt.messages.map((m) => m.content).join('\n')).not.toContain('HIDDEN');
    // The next attempt's prompt carries every earlier reflection, after its attempt, without thinking.
    const third = of('stuck').attempts[2]?.prompt[1]?.content ?? '';
    expect(third.indexOf('## Attempt 1')).toBeLessThan(third.indexOf(oracleReflection('stuck', 1)));
    expect(third.indexOf(oracleReflection('stuck', 1))).toBeLessThan(third.indexOf('## Attempt 2'));
    expect(third.indexOf('## Attempt 2')).toBeLessThan(third.indexOf(oracleReflection('stuck', 2)));
    expect(of('stuck').attempts[1]?.prompt[1]?.content).not.toContain('<think>oracle</think>\nREFLECTION');
    // Reflections have seeds of their own, distinct from the attempts'.
    const seeds = records.flatMap((r) => r.attempts.flatMap((a) => [a.seed, ...(a.reflection ? [a.reflection.seed] : [])]));
    expect(new Set(seeds).size).toBe(seeds.length);
  });
});

describe('murphy eval on a set without visible tests', () => {
  it('draws two visible tests with the recorded seed, shows only those, and scores on all five', async () => {
    const dir = tempDir();
    const source = writeDataset(dir, 'fixture-humaneval.jsonl', toJsonl([HUMANEVAL_RECORD]));
    const { report, records, oracle } = await harness.run(settingsFor([source], { seed: 7 }), () => 'def square(x):\n    return None');
    expect(report.datasets).toEqual([{ name: 'fixture-humaneval', source, problems: 1, visibleTests: 2, splitSeed: 7 }]);
    const [record] = records;
    expect(record?.visibleTests).toHaveLength(2);
    expect(record?.hiddenTests).toHaveLength(3);
    expect(record?.attempts[0]?.suite.total).toBe(5);
    const marks = (names: readonly string[]) => names.map((name) => `MARK-${name.replace('test_', '')}`);
    const shown = oracle.received.map((p) => p.messages[1]?.content ?? '').join('\n');
    // Every test fails, so both visible tests are shown after each attempt, and no hidden one ever.
    expect(record?.attempts).toHaveLength(3);
    for (const mark of marks(record?.visibleTests ?? [])) expect(shown).toContain(mark);
    for (const mark of marks(record?.hiddenTests ?? [])) expect(shown).not.toContain(mark);
  });
});
