import { describe, expect, it } from '@jest/globals';
import { TestStatus, type ExecuteRequest } from '../gen/murphy/v1/executor.js';
import { batchToJobs, requestToJob, toResponse } from './service.js';
import { score } from './job.js';

const base: ExecuteRequest = { code: 'x = 1', tests: [], timeoutSeconds: 0, testTimeoutSeconds: 0, moduleName: '', requestId: '' };

describe('requestToJob', () => {
  it('maps the three test kinds and applies defaults', () => {
    const job = requestToJob({ ...base, tests: [{ name: 'a', code: 'assert x' }, { name: 'b', module: 'def test_x(): pass' }, { name: 'c', stdio: { stdin: '1', stdout: '2' } }] });
    expect(job.tests).toEqual([
      { name: 'a', kind: 'code', source: 'assert x' },
      { name: 'b', kind: 'module', source: 'def test_x(): pass' },
      { name: 'c', kind: 'stdio', stdin: '1', stdout: '2' },
    ]);
    expect(job).toMatchObject({ moduleName: 'solution', timeoutSeconds: 10, testTimeoutSeconds: 0 });
  });

  it('shortens the time limit to the call deadline', () => {
    expect(requestToJob({ ...base, tests: [{ name: 'a', code: '' }], timeoutSeconds: 30 }, 2.5).timeoutSeconds).toBe(2.5);
  });

  it('names the field of a bad request', () => {
    expect(() => requestToJob(base)).toThrow('tests: ');
    expect(() => requestToJob({ ...base, tests: [{ name: 'a', code: '' }], moduleName: 'no-dash' })).toThrow('moduleName: ');
    expect(() => requestToJob({ ...base, tests: [{ name: 'a', code: '' }], timeoutSeconds: 1e6 })).toThrow('timeoutSeconds: ');
  });
});

const shared = () => {
  const { code: _code, ...rest } = base;
  return rest;
};

describe('batchToJobs', () => {
  it('makes one job per program with the shared tests and limits', () => {
    const jobs = batchToJobs({ ...shared(), codes: ['a = 1', 'a = 2'], tests: [{ name: 't', code: 'assert a' }], timeoutSeconds: 30 }, 5);
    expect(jobs.map((job) => [job.code, job.tests.length, job.timeoutSeconds])).toEqual([['a = 1', 1, 5], ['a = 2', 1, 5]]);
  });

  it('refuses a batch without programs, naming the field', () => {
    expect(() => batchToJobs({ ...shared(), codes: [], tests: [{ name: 't', code: '' }] })).toThrow('codes: ');
  });
});

describe('score and toResponse', () => {
  it('counts only tests the harness saw pass', () => {
    const ok = { name: 'a', passed: true, status: 'passed' as const, errorType: '', errorMessage: '', traceback: '', stdout: '', stderr: '', durationSeconds: 0 };
    const forged = { ...ok, name: 'b', status: 'crashed' as const };
    const result = score([ok, forged], 'bwrap', 1);
    expect(result).toMatchObject({ passed: 1, total: 2, reward: 0.5 });
    expect(toResponse(result).results.map((r) => r.status)).toEqual([TestStatus.TEST_STATUS_PASSED, TestStatus.TEST_STATUS_CRASHED]);
    expect(score([], 'bwrap', 0).reward).toBe(0);
  });
});
