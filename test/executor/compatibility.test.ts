// Correct programs pass: one legitimate program and test per class of issue 26's "Correct programs
// that fail" (values of well-known types by value, library objects in and out, callbacks both ways,
// mock.patch reaching the program, identity kept across a call, generous limits, exceptions with
// their attributes, pytest's fixtures). Each must score 1, in both sandbox modes, on the interpreter
// with the scientific stack (science-python.ts). Real engine.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Engine } from '../../src/executor/engine.js';
import type { SandboxMode } from '../../src/executor/sandbox.js';
import { cases } from './compatibility-cases.js';
import { sciencePython } from './science-python.js';

describe.each(['bwrap', 'process'] as SandboxMode[])('correct programs pass in %s mode', (mode) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.start({ sandbox: mode, concurrency: 1, python: sciencePython() });
  }, 60_000);
  afterAll(async () => {
    await engine.close();
  });

  it.each(Object.entries(cases))('scores 1: %s', async (_name, testCase) => {
    const result = await engine.execute({ code: `${testCase.program.join('\n')}\n`, tests: testCase.tests, moduleName: 'solution', timeoutSeconds: 60, testTimeoutSeconds: 30 });
    expect(result.results.filter((r) => r.status !== 'passed').map((r) => ({ name: r.name, status: r.status, error: `${r.errorType}: ${r.errorMessage}`, traceback: r.traceback }))).toEqual([]);
    expect(result.reward).toBe(1);
  }, 60_000);
});
