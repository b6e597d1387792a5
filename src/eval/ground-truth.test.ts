import { describe, expect, it } from '@jest/globals';
import type { TestResult } from '../executor/job.js';
import { causeOf, groundTruthText, skipListText } from './ground-truth.js';

const result = (status: TestResult['status'], errorType = '', errorMessage = ''): TestResult => ({
  name: 't', passed: false, status, errorType, errorMessage, traceback: '', stdout: '', stderr: '', durationSeconds: 0,
});

describe('the ground-truth check', () => {
  it('puts a failing reference down to one cause: sandbox refusal, then missing library, then timeout, else test failure', () => {
    expect(causeOf([result('failed', 'AssertionError'), result('error', 'SandboxViolation', 'the program tried to run a process')])).toBe('sandbox refusal');
    expect(causeOf([result('crashed', 'Crashed', 'killed by SIGSYS')])).toBe('sandbox refusal');
    expect(causeOf([result('timeout', 'Timeout'), result('error', 'ModuleNotFoundError', "No module named 'seaborn'")])).toBe('missing library');
    expect(causeOf([result('failed', 'AssertionError'), result('timeout', 'Timeout')])).toBe('timeout');
    expect(causeOf([result('error', 'KeyError'), result('crashed', 'Crashed', 'exit code 3')])).toBe('test failure');
  });

  it('prints totals and every cause, and a skip list of the failing ids', () => {
    const report = {
      records: 4, passed: 1, withoutReference: ['c'],
      failed: [{ id: 'a', cause: 'timeout' as const, detail: 'T.test_x: Timeout' }, { id: 'b', cause: 'missing library' as const, detail: 'import bs4: ModuleNotFoundError' }],
    };
    expect(groundTruthText(report, 'd.jsonl')).toBe([
      'd.jsonl: 4 records, 3 with a reference solution: 1 pass, 2 fail',
      'no reference solution (not checked): 1',
      'test failure: 0',
      'missing library: 1',
      '  b  import bs4: ModuleNotFoundError',
      'sandbox refusal: 0',
      'timeout: 1',
      '  a  T.test_x: Timeout',
      '',
    ].join('\n'));
    expect(skipListText(report, 'd.jsonl')).toBe('# problems of d.jsonl whose reference solution fails (murphy check-dataset)\na  # timeout\nb  # missing library\n');
  });
});
