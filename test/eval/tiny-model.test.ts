// `murphy eval --model builtin:tiny` end to end: the built CLI starts a real executor and a real
// inference service (the small CPU model) as child processes, runs the Reflexion loop on a few
// bundled problems with short generations, and leaves its files. The model is random, so what is
// asserted is the bookkeeping and the protocol, not its score.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { passAt1Table } from '../../src/eval/pass-at-1.js';
import { evalReportSchema } from '../../src/eval/eval-report.js';
import type { ProblemRecord } from '../../src/eval/problem-record.js';
import { loadDataset } from '../../src/datasets/load-dataset.js';
import { readLines, tempDir } from './eval-harness.js';

const CLI = 'dist/src/cli/main.js';

function murphyEval(out: string, extra: string[]) {
  const args = [CLI, 'eval', '--model', 'builtin:tiny', '--dataset', 'builtin:mini', '--limit', '2', '--max-new-tokens', '16', '--concurrency', '2', '--out', out, ...extra];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 240_000 });
  if (run.status !== 0) throw new Error(`murphy eval exited ${run.status}: ${run.stderr}`);
  return { stdout: run.stdout, stderr: run.stderr, records: readLines(join(out, 'records.jsonl')) as ProblemRecord[], out };
}

describe('murphy eval with the tiny CPU model', () => {
  it('runs real inference and executor processes, keeps hidden tests out of prompts, and replays its seeds', async () => {
    const first = murphyEval(tempDir(), ['--iterations', '1,2', '--runs', '2']);
    expect(first.stdout).toMatch(/^dataset\s+iterations\s+pass@1 \(%\)\s+problems\s+runs$/m);
    expect(first.stdout).toMatch(/^builtin:mini\s+2\s+\d+\.\d ± \d+\.\d\s+2\s+2$/m);
    const report = evalReportSchema.parse(JSON.parse(readFileSync(join(first.out, 'report.json'), 'utf8')));
    expect(report).toMatchObject({ label: 'builtin:tiny', model: 'builtin:tiny', settings: { iterations: [1, 2], runs: 2, maxNewTokens: 16 } });
    expect(existsSync(join(first.out, 'logs', 'inference.log'))).toBe(true);

    // Every attempt is a real completion, executed, with counts over the right tests.
    expect(first.records).toHaveLength(4);
    for (const record of first.records) {
      expect(record.attempts.length).toBeGreaterThanOrEqual(1);
      expect(record.attempts.length).toBeLessThanOrEqual(2);
      for (const attempt of record.attempts) {
        expect(['stop', 'length']).toContain(attempt.finishReason);
        expect(attempt.feedback.total).toBe(2);
        expect(attempt.suite.total).toBe(record.visibleTests.length + record.hiddenTests.length);
        expect(attempt.suite.total).toBeGreaterThan(attempt.feedback.total);
      }
    }
    // The table is what the records say.
    const recomputed = passAt1Table(['builtin:mini'], [1, 2], first.records, 2);
    expect(report.results.map((r) => r.mean)).toEqual(recomputed.map((r) => r.mean));

    // Prompts show visible tests only.
    const problems = await loadDataset({ source: 'builtin:mini', format: 'auto', seed: 0, visibleTests: 2, limit: 2 }, process.cwd());
    const prompts = first.records.flatMap((r) => r.attempts.map((a) => a.prompt.map((m) => m.content).join('\n')));
    for (const problem of problems) {
      for (const test of problem.hiddenTests) for (const prompt of prompts) expect(prompt).not.toContain((test as { source: string }).source);
    }
    const retries = first.records.flatMap((r) => r.attempts.slice(1));
    for (const retry of retries) expect(retry.prompt[1]?.content).toContain('## Attempt 1');

    // A 1-iteration evaluation is the first attempt of the longer one: same seeds, same completions.
    const second = murphyEval(tempDir(), ['--iterations', '1', '--runs', '1']);
    const firstAttempts = (records: ProblemRecord[]) => records.filter((r) => r.run === 0).map((r) => [r.problem, r.attempts[0]?.seed, r.attempts[0]?.completion]);
    expect(firstAttempts(second.records)).toEqual(firstAttempts(first.records));
  }, 600_000);
});
