// `murphy eval` as a command: against running services (--inference, --executor) in-process, and
// its user errors through the built binary.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evalCommand } from '../../src/cli/commands/eval.js';
import { UsageError } from '../../src/user-input/usage-error.js';
import { captureIO } from '../../src/cli/test-io.js';
import { loadDataset } from '../../src/datasets/load-dataset.js';
import { EvalHarness, tempDir } from './eval-harness.js';
import { MINI_SOLUTIONS } from './fixtures/mini-solutions.js';
import { OracleInference } from './oracle-inference.js';

let harness: EvalHarness;
let oracle: OracleInference;
/** The first two of the first six problems are answered wrong at iteration 1, right afterwards. */
let brokenFirst: Set<string>;

beforeAll(async () => {
  harness = await EvalHarness.start();
  const problems = await loadDataset({ source: 'builtin:mini', format: 'auto', seed: 0, visibleTests: 2 }, process.cwd());
  brokenFirst = new Set(problems.slice(0, 2).map((p) => p.id));
  oracle = await new OracleInference(problems, (id, iteration) => (iteration === 1 && brokenFirst.has(id) ? 'def broken(' : (MINI_SOLUTIONS[id] ?? ''))).start();
});
afterAll(async () => {
  await oracle.stop();
  await harness.stop();
});

describe('murphy eval --inference --executor', () => {
  it('evaluates against running services, prints the table and writes the files', async () => {
    const io = captureIO();
    const out = join(tempDir(), 'out');
    const args = ['--inference', oracle.address, '--executor', harness.executorAddress, '--dataset', 'builtin:mini', '--limit', '6', '--runs', '2', '--out', out, '--label', 'oracle-check'];
    expect(await evalCommand.run(args, io)).toBe(0);
    expect(io.out()).toMatch(/^builtin:mini\s+1\s+66\.7 ± 0\.0\s+6\s+2$/m);
    expect(io.out()).toMatch(/^builtin:mini\s+3\s+100\.0 ± 0\.0\s+6\s+2$/m);
    expect(io.err()).toContain(`in ${out}`);
    for (const file of ['records.jsonl', 'report.json', 'report.md', 'metrics.prom']) expect(existsSync(join(out, file))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))).toMatchObject({ label: 'oracle-check', model: 'oracle' });
  });

  it('gives up on a service that never answers, as a user error that names it', async () => {
    const args = ['--inference', '127.0.0.1:1', '--executor', harness.executorAddress, '--ready-timeout', '1', '--out', tempDir()];
    await expect(evalCommand.run(args, captureIO())).rejects.toThrow(new UsageError('inference did not become ready within 1 s; check its logs and address'));
  });
});

describe('murphy eval user errors (built binary)', () => {
  const murphy = (args: string[]) => spawnSync(process.execPath, ['dist/src/cli/main.js', 'eval', ...args], { encoding: 'utf8' });

  it('prints one line without a stack and exits 1', () => {
    for (const [args, message] of [
      [['--dataset', 'builtin:mini'], 'give --model (a model to serve here)'],
      [['--inference', 'h:1', '--executor', 'h:2', '--dataset', 'builtin:huge'], 'unknown built-in dataset "builtin:huge"'],
      [['--inference', 'h:1', '--executor', 'h:2', '--dataset', 'missing.jsonl'], 'missing.jsonl'],
    ] as const) {
      const run = murphy([...args]);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
