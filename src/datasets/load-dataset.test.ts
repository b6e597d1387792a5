import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetError } from './dataset-error.js';
import { loadDataset } from './load-dataset.js';
import { spec, writeJsonl } from './test-files.js';
import { allTests, testDisplay } from './problem.js';


const humanEval = {
  task_id: 'HumanEval/0',
  prompt: 'def add(a, b):\n    """Add two numbers."""\n',
  entry_point: 'add',
  test: 'METADATA = {}\n\ndef check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(0, 0) == 0\n    assert candidate(-1, 1) == 0\n',
};

const mbpp = {
  task_id: 11,
  text: 'Write a function to remove the first and last occurrence of a given character from the string.',
  test_list: ['assert remove_Occ("hello","l") == "heo"', 'assert remove_Occ("abcda","a") == "bcd"', 'assert remove_Occ("PHP","P") == "H"'],
  test_setup_code: 'import math',
  challenge_test_list: ['assert remove_Occ("aa","a") == ""'],
};

const kodcode = {
  question_id: 'Leetcode_1',
  question: 'Given a list of integers, return the sum of the even ones.',
  test: 'from solution import sum_even\n\ndef test_empty():\n    assert sum_even([]) == 0\n\ndef test_mixed():\n    assert sum_even([1, 2, 3, 4]) == 6\n\ndef test_negative():\n    assert sum_even([-2]) == -2\n',
  test_info: [{ function_name: 'sum_even', function_declaration: 'def sum_even(nums):' }],
};

describe('loadDataset', () => {
  it('loads builtin:mini: 30 problems, two visible tests each, the rest hidden', async () => {
    const problems = await loadDataset(spec('builtin:mini'), '.');
    expect(problems).toHaveLength(30);
    for (const problem of problems) {
      expect(problem.visibleTests).toHaveLength(2);
      expect(problem.hiddenTests.length).toBeGreaterThanOrEqual(2);
      expect(allTests(problem).every((t) => t.kind === 'assert' && t.source.startsWith('assert '))).toBe(true);
    }
    expect(new Set(problems.map((p) => p.id)).size).toBe(30);
  });

  it('splits a HumanEval check() into one assert test per line, with the entry point substituted', async () => {
    const dir = writeJsonl('he.jsonl', [humanEval]);
    const [problem] = await loadDataset(spec('he.jsonl'), dir);
    expect(problem?.id).toBe('HumanEval/0');
    expect(problem?.question).toContain('def add(a, b):');
    expect(problem?.setup).toBe('METADATA = {}');
    const tests = allTests(problem!);
    expect(tests).toHaveLength(3);
    expect(tests.map(testDisplay).sort()).toEqual(['assert add(-1, 1) == 0', 'assert add(0, 0) == 0', 'assert add(1, 2) == 3']);
    expect(problem?.visibleTests).toHaveLength(2);
  });

  it('keeps a HumanEval check() with loops as one test calling check', async () => {
    const looped = { ...humanEval, test: 'def check(candidate):\n    for i in range(3):\n        assert candidate(i, 0) == i\n' };
    const dir = writeJsonl('he.jsonl', [looped]);
    const [problem] = await loadDataset(spec('he.jsonl'), dir);
    const tests = allTests(problem!);
    expect(tests).toHaveLength(1);
    expect(tests[0]).toMatchObject({ kind: 'assert', name: 'check' });
    expect(testDisplay(tests[0]!)).toContain('check(add)');
  });

  it('reads MBPP from gzip: the first assert (shown in the question) is visible, the rest and the challenge tests hidden', async () => {
    const dir = writeJsonl('mbpp.jsonl.gz', [mbpp], true);
    const [problem] = await loadDataset(spec('mbpp.jsonl.gz'), dir);
    expect(problem?.id).toBe('11');
    expect(problem?.question).toContain('assert remove_Occ("hello","l") == "heo"');
    expect(problem?.setup).toBe('import math');
    expect(problem?.visibleTests.map(testDisplay)).toEqual(['assert remove_Occ("hello","l") == "heo"']);
    expect(problem?.hiddenTests).toHaveLength(3);
  });

  it('reads KodCode pytest modules: one test per test_ function, the declaration added to the question', async () => {
    const dir = writeJsonl('kod.jsonl', [kodcode]);
    const [problem] = await loadDataset(spec('kod.jsonl'), dir);
    expect(problem?.id).toBe('Leetcode_1');
    expect(problem?.question).toContain('def sum_even(nums):');
    const tests = allTests(problem!);
    expect(tests.map((t) => t.name).sort()).toEqual(['test_empty', 'test_mixed', 'test_negative']);
    expect(tests.every((t) => t.kind === 'pytest' && t.source === kodcode.test)).toBe(true);
    expect(testDisplay(tests.find((t) => t.name === 'test_mixed')!)).toBe('def test_mixed():\n    assert sum_even([1, 2, 3, 4]) == 6');
  });

  it('reads murphy records with an explicit split and with tests of every kind', async () => {
    const records = [
      { id: 'a', question: 'q', visible: [{ kind: 'assert', source: 'assert f() == 1' }], hidden: [{ kind: 'stdio', input: '1\n', expected: '2\n' }] },
      { id: 'b', question: 'q', tests: [{ kind: 'pytest', source: 'def test_x():\n    pass\n', function: 'test_x' }] },
    ];
    const dir = writeJsonl('m.jsonl', records);
    const [a, b] = await loadDataset(spec('m.jsonl'), dir);
    expect(a?.visibleTests).toEqual([{ kind: 'assert', name: 'test_0', source: 'assert f() == 1' }]);
    expect(a?.hiddenTests).toEqual([{ kind: 'stdio', name: 'test_1', input: '1\n', expected: '2\n' }]);
    expect(b?.visibleTests).toHaveLength(1);
    expect(b?.hiddenTests).toHaveLength(0);
  });

  it('draws the same visible tests for the same seed, and other ones for another seed', async () => {
    const many = { id: 'p', question: 'q', tests: Array.from({ length: 12 }, (_, i) => ({ kind: 'assert', source: `assert ${i} == ${i}` })) };
    const dir = writeJsonl('m.jsonl', [many]);
    const names = async (seed: number) => (await loadDataset(spec('m.jsonl', { seed }), dir))[0]!.visibleTests.map((t) => t.name);
    expect(await names(1)).toEqual(await names(1));
    const draws = new Set(await Promise.all([1, 2, 3, 4, 5].map(async (seed) => (await names(seed)).join())));
    expect(draws.size).toBeGreaterThan(1);
  });

  it('applies limit and an explicit format', async () => {
    const dir = writeJsonl('he.jsonl', [humanEval, { ...humanEval, task_id: 'HumanEval/1' }, { ...humanEval, task_id: 'HumanEval/2' }]);
    const problems = await loadDataset(spec('he.jsonl', { limit: 2, format: 'humaneval' }), dir);
    expect(problems.map((p) => p.id)).toEqual(['HumanEval/0', 'HumanEval/1']);
  });

  it('leaves out the problems spec.dataset.skipProblems lists and says how many it skipped', async () => {
    const dir = writeJsonl('m.jsonl', [mbpp, { ...mbpp, task_id: 12 }, { ...mbpp, task_id: 13 }]);
    writeFileSync(join(dir, 'skip.txt'), '# reference fails\n12\n\n13  # times out\n99\n');
    const notices: unknown[] = [];
    const problems = await loadDataset(spec('m.jsonl', { skipProblems: 'skip.txt' }), dir, (notice) => notices.push(notice));
    expect(problems.map((p) => p.id)).toEqual(['11']);
    expect(notices).toEqual([{ source: join(dir, 'm.jsonl'), list: join(dir, 'skip.txt'), skipped: 2 }]);
    writeFileSync(join(dir, 'all.txt'), '11\n12\n13\n');
    await expect(loadDataset(spec('m.jsonl', { skipProblems: 'all.txt' }), dir)).rejects.toThrow(/all\.txt skips every problem/);
    await expect(loadDataset(spec('m.jsonl', { skipProblems: 'absent.txt' }), dir)).rejects.toThrow(/skipProblems .*absent\.txt: no such file/);
  });

  it.each([
    ['a missing file', [], 'absent.jsonl', /absent\.jsonl: no such file; check spec\.dataset\.source/],
    ['bad JSON', ['{"id": '], 'x.jsonl', /x\.jsonl:1: is not valid JSON/],
    ['an unknown format', [{ foo: 1 }], 'x.jsonl', /x\.jsonl:1: matches no known record format/],
    ['a bad record in a known format', [humanEval, { prompt: 'x' }], 'x.jsonl', /x\.jsonl:2: entry_point: is required/],
    ['duplicate ids', [humanEval, humanEval], 'x.jsonl', /problem id "HumanEval\/0" appears twice/],
    ['an unknown builtin', [], 'builtin:huge', /unknown built-in dataset "builtin:huge"/],
  ])('reports %s with the file and line', async (_name, lines, source, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'murphy-dataset-'));
    if (lines.length > 0) writeFileSync(join(dir, source), lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n'));
    await expect(loadDataset(spec(source), dir)).rejects.toThrow(DatasetError);
    await expect(loadDataset(spec(source), dir)).rejects.toThrow(message);
  });
});
