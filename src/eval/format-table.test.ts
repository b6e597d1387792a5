import { describe, expect, it } from '@jest/globals';
import type { EvalReport } from './eval-report.js';
import { comparisonTable, markdownReport, meanStd, paperTable, textTable } from './format-table.js';

const report: EvalReport = {
  kind: 'murphy-eval-report', version: 1, label: 'final', model: 'builtin:tiny', startedAt: '2025-01-01T00:00:00.000Z', wallSeconds: 12.5,
  settings: { iterations: [1, 3], runs: 3, temperature: 0.6, topP: 0.95, maxNewTokens: 64, seed: 0, timeoutSeconds: 10, selfReflection: false },
  datasets: [{ name: 'builtin:mini', source: 'builtin:mini', problems: 30, visibleTests: 2, splitSeed: 0 }],
  results: [
    { dataset: 'builtin:mini', iterations: 1, problems: 30, runs: [0.1, 0.2, 0.3], mean: 0.2, std: 0.1 },
    { dataset: 'builtin:mini', iterations: 3, problems: 30, runs: [1, 1, 1], mean: 1, std: 0 },
  ],
};

describe('eval tables', () => {
  it('prints percentages with one decimal', () => {
    expect(meanStd(0.4213, 0.03)).toBe('42.1 ± 3.0');
  });

  it('aligns the terminal table', () => {
    expect(textTable(report)).toBe(
      [
        'dataset       iterations  pass@1 (%)   problems  runs',
        '------------  ----------  -----------  --------  ----',
        'builtin:mini  1           20.0 ± 10.0  30        3',
        'builtin:mini  3           100.0 ± 0.0  30        3',
        '',
      ].join('\n'),
    );
  });

  it('writes a Markdown table with the settings that produced it', () => {
    const markdown = markdownReport(report);
    expect(markdown).toContain('| builtin:mini | 3 | 100.0 ± 0.0 | 30 | 3 |');
    expect(markdown).toContain('mean ± std over 3 run(s)');
    expect(markdown).toContain('temperature 0.6, top-p 0.95, at most 64 new tokens, seed 0');
  });

  it('prints the paper\'s layout: one row for the model, Iter-1 and Iter-3 columns per dataset in the order given', () => {
    const suites: EvalReport = {
      ...report,
      label: 'Qwen3-1.7B MURPHY',
      results: ['humaneval', 'mbpp', 'bigcodebench-hard'].flatMap((dataset, i) => [
        { dataset, iterations: 1, problems: 10, runs: [0.1], mean: 0.1 * (i + 1), std: 0.01 },
        { dataset, iterations: 3, problems: 10, runs: [0.2], mean: 0.2 * (i + 1), std: 0 },
      ]),
    };
    expect(paperTable(suites)).toBe(
      [
        'model              humaneval Iter-1  humaneval Iter-3  mbpp Iter-1  mbpp Iter-3  bigcodebench-hard Iter-1  bigcodebench-hard Iter-3',
        '-----------------  ----------------  ----------------  -----------  -----------  ------------------------  ------------------------',
        'Qwen3-1.7B MURPHY  10.0 ± 1.0        20.0 ± 0.0        20.0 ± 1.0   40.0 ± 0.0   30.0 ± 1.0                60.0 ± 0.0',
        '',
      ].join('\n'),
    );
  });

  it('puts a base model and a final policy side by side with the change in points', () => {
    const base: EvalReport = { ...report, label: 'base', results: [{ ...report.results[0]!, mean: 0.25, std: 0.05 }, { ...report.results[1]!, mean: 1, std: 0 }] };
    expect(comparisonTable(base, report)).toBe(
      [
        'dataset       iterations  base pass@1 (%)  final pass@1 (%)  change (points)',
        '------------  ----------  ---------------  ----------------  ---------------',
        'builtin:mini  1           25.0 ± 5.0       20.0 ± 10.0       -5.0',
        'builtin:mini  3           100.0 ± 0.0      100.0 ± 0.0       +0.0',
        '',
      ].join('\n'),
    );
  });
});
