// Every attack class scores 0 and every legitimate class scores 1 with the executor as a pod runs
// it: one non-root user for everything (program, judge and executor share it), no capabilities,
// `process` sandbox, the interpreter with the image's scientific stack. The same cases as
// judge-attacks.test.ts and compatibility.test.ts, which run them as root in both modes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { attacks, namesInTheJudge, programOutputAsCode, type Attack } from './attack-cases.js';
import { cases } from './compatibility-cases.js';
import { startOneUserExecutor, testCase, type OneUserExecutor } from './one-user-executor.js';
import { sciencePython } from './science-python.js';

const HONEST = { code: 'def add(a, b):\n    return a + b\n', tests: [{ name: 't', code: 'assert add(1, 2) == 3' }] };

let executor: OneUserExecutor;

beforeAll(async () => {
  executor = await startOneUserExecutor(sciencePython());
}, 120_000);

afterAll(async () => {
  await executor.stop();
});

describe('as one non-root user', () => {
  const allAttacks: Record<string, Attack> = { ...attacks, ...programOutputAsCode, ...namesInTheJudge };
  it.each(Object.entries(allAttacks))('scores 0: %s', async (_name, attack) => {
    const response = await executor.execute({ code: attack.program, tests: attack.tests.map(testCase) });
    expect(response.results.filter((r) => r.passed)).toEqual([]);
    expect(response.passed).toBe(0);
    expect(executor.server.exitCode).toBeNull();
    expect((await executor.execute(HONEST)).passed).toBe(1);
  }, 60_000);

  it.each(Object.entries(cases))('scores 1: %s', async (_name, legitimate) => {
    const response = await executor.execute({ code: legitimate.program.join('\n'), tests: legitimate.tests.map(testCase), timeoutSeconds: 60, testTimeoutSeconds: 30 });
    expect(response.results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.errorType}: ${r.errorMessage}`)).toEqual([]);
    expect(response.passed).toBe(response.total);
  }, 60_000);
});
