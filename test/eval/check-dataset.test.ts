// `murphy check-dataset` as a real process (the built CLI in dist/) on records the test writes: the
// reference solutions run through the executor engine, in both sandbox modes, and the failing
// records come out grouped by cause; the skip list it writes leaves them out of a load.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadDataset } from '../../src/datasets/load-dataset.js';

const CLI = 'dist/src/cli/main.js';

function bigCodeBench(id: string, solution: string, expected: string, needs: { libs: string; imports: string } = { libs: "['random']", imports: 'import random\n' }) {
  const { libs, imports } = needs;
  const signature = `${imports}def task_func(values):\n    """Sums the values."""\n`;
  return {
    task_id: id,
    complete_prompt: signature,
    instruct_prompt: `Sum the values.\nYou should write self-contained code starting with:\n\`\`\`\n${signature}\`\`\``,
    code_prompt: signature,
    canonical_solution: solution,
    test: [
      'import unittest',
      'class TestCases(unittest.TestCase):',
      '    def test_small(self):',
      `        self.assertEqual(task_func([1, 2]), ${expected})`,
      '    def test_empty(self):',
      '        self.assertEqual(task_func([]), 0)',
    ].join('\n'),
    entry_point: 'task_func',
    doc_struct: '{}',
    libs,
  };
}

const RECORDS = [
  bigCodeBench('BigCodeBench/1', '    return sum(values)\n', '3'),
  bigCodeBench('BigCodeBench/2', '    return sum(values)\n', '4'),
  bigCodeBench('BigCodeBench/3', '    return sum(values)\n', '3', { libs: "['random', 'murphy_absent_library']", imports: 'import random\n' }),
  bigCodeBench('BigCodeBench/4', '    while True:\n        pass\n', '3'),
  bigCodeBench('BigCodeBench/5', '    return sum(values)\n', '3', { libs: '[]', imports: 'import murphy_absent_module\n' }),
];

const HUMANEVAL = [
  { task_id: 'HumanEval/0', prompt: 'def add(a, b):\n', canonical_solution: '    return a + b\n', entry_point: 'add', test: 'def check(candidate):\n    assert candidate(1, 2) == 3\n' },
  { task_id: 'HumanEval/1', prompt: 'def sub(a, b):\n', canonical_solution: '    return a + b\n', entry_point: 'sub', test: 'def check(candidate):\n    assert candidate(3, 1) == 2\n' },
  { task_id: 'HumanEval/2', prompt: 'def one():\n', entry_point: 'one', test: 'def check(candidate):\n    assert candidate() == 1\n' },
];

function check(dir: string, file: string, mode: string, extra: string[] = []) {
  return spawnSync('node', [CLI, 'check-dataset', '--dataset', join(dir, file), '--sandbox', mode, '--timeout', '2', '--concurrency', '2', ...extra], { encoding: 'utf8' });
}

describe.each(['bwrap', 'process'])('murphy check-dataset in %s mode', (mode) => {
  it('runs the BigCodeBench references and reports the failing records by cause, and writes a skip list a load honours', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'murphy-check-'));
    writeFileSync(join(dir, 'bcb.jsonl.gz'), gzipSync(RECORDS.map((r) => JSON.stringify(r)).join('\n')));
    const run = check(dir, 'bcb.jsonl.gz', mode, ['--write-skip', join(dir, 'skip.txt')]);
    expect(run.stderr).not.toContain('    at ');
    expect(run.status).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`${join(dir, 'bcb.jsonl.gz')}: 5 records, 5 with a reference solution: 1 pass, 4 fail`);
    expect(lines.filter((line) => !line.startsWith('  ') && line !== '').slice(1)).toEqual(['test failure: 1', 'missing library: 2', 'sandbox refusal: 0', 'timeout: 1']);
    expect(run.stdout).toMatch(/test failure: 1\n {2}BigCodeBench\/2 {2}TestCases\.test_small: AssertionError: 3 != 4\n/);
    expect(run.stdout).toMatch(/missing library: 2\n {2}BigCodeBench\/3 {2}import murphy_absent_library: ModuleNotFoundError: No module named 'murphy_absent_library'\n {2}BigCodeBench\/5 {2}TestCases\.test_\w+: ModuleNotFoundError/);
    expect(run.stdout).toMatch(/timeout: 1\n {2}BigCodeBench\/4 {2}TestCases\.test_\w+: /);
    expect(readFileSync(join(dir, 'skip.txt'), 'utf8').split('\n').filter((l) => !l.startsWith('#') && l !== '')).toEqual([
      'BigCodeBench/2  # test failure', 'BigCodeBench/3  # missing library', 'BigCodeBench/4  # timeout', 'BigCodeBench/5  # missing library',
    ]);
    const skipped: number[] = [];
    const problems = await loadDataset({ source: 'bcb.jsonl.gz', format: 'auto', seed: 0, visibleTests: 2, skipProblems: 'skip.txt' }, dir, (n) => skipped.push(n.skipped));
    expect(problems.map((p) => p.id)).toEqual(['BigCodeBench/1']);
    expect(skipped).toEqual([4]);
  }, 120_000);

  it('checks HumanEval\'s prompt + canonical_solution the same way and exits 0 when every reference passes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'murphy-check-'));
    writeFileSync(join(dir, 'he.jsonl'), HUMANEVAL.map((r) => JSON.stringify(r)).join('\n'));
    const run = check(dir, 'he.jsonl', mode);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(': 3 records, 2 with a reference solution: 1 pass, 1 fail\nno reference solution (not checked): 1\ntest failure: 1\n  HumanEval/1  test_0: AssertionError: assert sub(3, 1) == 2 (actual: 4)\n');
    const passing = check(dir, 'he.jsonl', mode, ['--limit', '1']);
    expect(passing.stdout).toContain(': 1 records, 1 with a reference solution: 1 pass, 0 fail\n');
    expect(passing.status).toBe(0);
  }, 120_000);
});
