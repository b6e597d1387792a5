import { describe, expect, it } from '@jest/globals';
import { DatasetError } from './dataset-error.js';
import { loadDataset, loadProblemRecords, type DatasetSpec } from './load-dataset.js';
import { spec, writeJsonl } from './test-files.js';
import { allTests, testDisplay } from './problem.js';


const TEST = [
  'import unittest',
  'from unittest.mock import patch',
  'class TestCases(unittest.TestCase):',
  '    def setUp(self):',
  '        self.data = [1, 2, 3]',
  '    def test_sum(self):',
  '        self.assertEqual(task_func(self.data), 6)',
  '    def test_empty(self):',
  '        self.assertEqual(task_func([]), 0)',
  '    @patch("random.random")',
  '    def test_patched(self, mock_random):',
  '        mock_random.return_value = 0.5',
  '        self.assertEqual(task_func([1]), 1)',
  '    def helper(self):',
  '        return 1',
  '    def test_negative(self):',
  '        self.assertEqual(task_func([-1]), -1)',
  'class NotATest:',
  '    def test_ignored(self):',
  '        pass',
].join('\n');

const released = {
  task_id: 'BigCodeBench/13',
  complete_prompt: 'import random\ndef task_func(values):\n    """Sum the values.\n    >>> task_func([1, 2])\n    3\n    """\n',
  instruct_prompt: 'Sum the values.\nYou should write self-contained code starting with:\n```\nimport random\ndef task_func(values):\n```',
  code_prompt: 'import random\ndef task_func(values):\n',
  canonical_solution: '    return sum(values)\n',
  test: TEST,
  entry_point: 'task_func',
  doc_struct: '{"description": ["Sum the values."]}',
  libs: "['random']",
};

const annotation = {
  task_id: 'BigCodeBench/13',
  prompt: released.complete_prompt,
  instruction: released.instruct_prompt,
  canonical_solution: released.canonical_solution,
  test: TEST,
  entry_point: 'task_func',
  libs: ['random', 'numpy'],
};

describe('BigCodeBench records', () => {
  it.each([
    ['plain', false],
    ['gzip', true],
  ])('load (%s) as bigcodebench: one pytest test per test_* method of the TestCase classes, two visible, the instruct prompt', async (_name, gzip) => {
    const dir = writeJsonl('bcb.jsonl.gz', [released], gzip);
    const [problem] = await loadDataset(spec('bcb.jsonl.gz'), dir);
    expect(problem?.id).toBe('BigCodeBench/13');
    expect(problem?.question).toBe(released.instruct_prompt);
    const tests = allTests(problem!);
    expect(tests.map((t) => (t.kind === 'pytest' ? t.function : t.kind)).sort()).toEqual(
      ['TestCases::test_empty', 'TestCases::test_negative', 'TestCases::test_patched', 'TestCases::test_sum'],
    );
    expect(tests.every((t) => t.kind === 'pytest' && t.source.startsWith('from solution import *\n') && t.source.endsWith(TEST))).toBe(true);
    expect(problem?.visibleTests).toHaveLength(2);
    expect(problem?.hiddenTests).toHaveLength(2);
  });

  it('draws the visible methods from the dataset seed, as for the other formats', async () => {
    const dir = writeJsonl('bcb.jsonl', [released]);
    const visible = async (seed: number) => (await loadDataset(spec('bcb.jsonl', { seed }), dir))[0]!.visibleTests.map((t) => t.name);
    expect(await visible(1)).toEqual(await visible(1));
    const draws = new Set(await Promise.all([0, 1, 2, 3, 4, 5].map(async (seed) => (await visible(seed)).join(','))));
    expect(draws.size).toBeGreaterThan(1);
  });

  it('shows the model the completion prompt with split: complete, and carries the reference solution and libs', async () => {
    const dir = writeJsonl('bcb.jsonl', [released]);
    const { records } = await loadProblemRecords(spec('bcb.jsonl', { split: 'complete', format: 'bigcodebench' }), dir);
    expect(records[0]?.question).toContain('```python\nimport random\ndef task_func(values):\n    """Sum the values.');
    expect(records[0]?.reference).toBe(`${released.complete_prompt}\n${released.canonical_solution}`);
    expect(records[0]?.libs).toEqual(['random']);
  });

  it('reads the annotation form (prompt, instruction, libs as a list) as bigcodebench, never as HumanEval', async () => {
    const dir = writeJsonl('ann.jsonl', [annotation]);
    const [problem] = await loadDataset(spec('ann.jsonl'), dir);
    expect(problem?.question).toBe(annotation.instruction);
    expect(allTests(problem!).map((t) => t.name)).not.toContain('check');
    expect(allTests(problem!)).toHaveLength(4);
    const { records } = await loadProblemRecords(spec('ann.jsonl', { split: 'complete' }), dir);
    expect(records[0]?.libs).toEqual(['random', 'numpy']);
  });

  it('shows a failing method in feedback as its source, decorators included', async () => {
    const dir = writeJsonl('bcb.jsonl', [released]);
    const [problem] = await loadDataset(spec('bcb.jsonl'), dir);
    const patched = allTests(problem!).find((t) => t.name === 'TestCases.test_patched')!;
    expect(testDisplay(patched)).toBe('@patch("random.random")\ndef test_patched(self, mock_random):\n    mock_random.return_value = 0.5\n    self.assertEqual(task_func([1]), 1)');
  });

  it.each([
    ['a test with no TestCase class', { ...released, test: 'def test_x():\n    assert task_func([]) == 0\n' }, 'bigcodebench', /bcb\.jsonl:1: test: defines no unittest\.TestCase class with test_\* methods/],
    ['an instruct split without an instruction', { ...released, instruct_prompt: undefined }, 'bigcodebench', /bcb\.jsonl:1: has no instruct_prompt \(or instruction\).*split: complete/],
    ['an annotation-form record whose test has no test methods, under auto', { ...annotation, test: 'import unittest\nclass TestCases(unittest.TestCase):\n    pass\n' }, 'auto',
      /matches no known record format: the record has fields task_id, prompt, instruction, canonical_solution, test, entry_point, libs; tried murphy \(.*\); bigcodebench \(test: defines no unittest.TestCase class with test_\* methods\); humaneval \(test: does not define check\(candidate\)/],
  ])('refuses %s at load', async (_name, record, format, message) => {
    const dir = writeJsonl('bcb.jsonl', [record]);
    await expect(loadDataset(spec('bcb.jsonl', { format: format as DatasetSpec['format'] }), dir)).rejects.toThrow(DatasetError);
    await expect(loadDataset(spec('bcb.jsonl', { format: format as DatasetSpec['format'] }), dir)).rejects.toThrow(message);
  });
});

describe('format detection', () => {
  it('collects a KodCode module\'s test class methods as the executor does, and refuses a module with no tests', async () => {
    const test = 'from solution import f\ndef test_top():\n    assert f() == 1\nclass TestF:\n    def test_in_class(self):\n        assert f() == 1\n    def helper(self):\n        pass\n';
    const dir = writeJsonl('kod.jsonl', [{ question_id: 'k1', question: 'Write f.', test }]);
    const [problem] = await loadDataset(spec('kod.jsonl', { visibleTests: 0 }), dir);
    expect(problem?.hiddenTests.map((t) => (t.kind === 'pytest' ? [t.name, t.function] : []))).toEqual([['test_top', 'test_top'], ['TestF.test_in_class', 'TestF::test_in_class']]);
    const none = writeJsonl('kod.jsonl', [{ question_id: 'k1', question: 'Write f.', test: 'from solution import f\nassert f() == 1\n' }]);
    await expect(loadDataset(spec('kod.jsonl', { format: 'kodcode' }), none)).rejects.toThrow(/kod\.jsonl:1: test: defines no test_\* functions or methods of Test\* classes/);
  });

  it('does not take a record whose test defines no check() for HumanEval, even with format: humaneval', async () => {
    const record = { task_id: 'x/1', prompt: 'def f():\n', entry_point: 'f', test: 'assert f() == 1\n' };
    const dir = writeJsonl('he.jsonl', [record]);
    await expect(loadDataset(spec('he.jsonl'), dir)).rejects.toThrow(/tried murphy .*humaneval \(test: does not define check\(candidate\).*\); mbpp \(text: /);
    await expect(loadDataset(spec('he.jsonl', { format: 'humaneval' }), dir)).rejects.toThrow(/he\.jsonl:1: test: does not define check\(candidate\)/);
  });
});
