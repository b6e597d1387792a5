// How the tests of one execution share test processes: a run of snippets (or of test functions)
// shares one process, as MBPP's and HumanEval's own harnesses run all asserts in one program; any
// test that does not end normally hands the rest to a fresh process; executions never share one.
// Real engine, both sandbox modes where bwrap works.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Engine } from '../../src/executor/engine.js';
import type { Job, TestSpec } from '../../src/executor/job.js';
import { probeBwrap, type SandboxMode } from '../../src/executor/sandbox.js';
import { resolvePython } from '../../src/executor/python.js';

const python = resolvePython();
const bwrap = probeBwrap({ python, harnessDir: '/usr', workDir: '/tmp', root: process.getuid?.() === 0 });
const modes: SandboxMode[] = bwrap ? ['process', 'bwrap'] : ['process'];

const snippet = (name: string, source: string): TestSpec => ({ name, kind: 'code', source });

// `f` counts its calls in module state: the count shows which calls shared a process.
const COUNTER = 'import os\ncalls = []\ndef f(x):\n    calls.append(x)\n    if x == "exit":\n        os._exit(0)\n    if x == "spin":\n        while True: pass\n    if x == "mem":\n        open("/proc/self/mem", "rb")\n    print("call", len(calls))\n    return len(calls)\n';

describe.each(modes)('test processes (%s mode)', (mode) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.start({ sandbox: mode, concurrency: 1 });
  });
  afterAll(async () => {
    await engine.close();
  });

  const run = (code: string, tests: TestSpec[], extra: Partial<Job> = {}) =>
    engine.execute({ code, tests, moduleName: 'solution', timeoutSeconds: 20, testTimeoutSeconds: 2, ...extra });

  it('runs the snippets of one execution in one process, and each execution in a fresh one', async () => {
    const tests = [snippet('a', 'assert f(0) == 1'), snippet('b', 'assert f(0) == 2'), snippet('c', 'assert f(0) == 3')];
    for (let i = 0; i < 2; i++) {
      const result = await run(COUNTER, tests);
      expect(result.results.map((r) => r.status)).toEqual(['passed', 'passed', 'passed']);
    }
  });

  it('gives the tests after a crash, a timeout or a sandbox violation a fresh process', async () => {
    const result = await run(COUNTER, [
      snippet('first', 'assert f(0) == 1'),
      snippet('exit', 'assert f("exit") == 0'),
      snippet('after-exit', 'assert f(0) == 1'),
      snippet('spin', 'assert f("spin") == 0'),
      snippet('after-spin', 'assert f(0) == 1'),
      snippet('mem', 'assert f("mem") == 0'),
      snippet('after-mem', 'assert f(0) == 1'),
    ]);
    expect(result.results.map((r) => `${r.name}:${r.status}`)).toEqual([
      'first:passed', 'exit:crashed', 'after-exit:passed', 'spin:timeout', 'after-spin:passed', 'mem:error', 'after-mem:passed',
    ]);
    expect(result.results[5]?.errorType).toBe('SandboxViolation');
  });

  it('goes on in the same process after a test that failed or raised', async () => {
    const result = await run(COUNTER, [
      snippet('fails', 'assert f(0) == 5'),
      snippet('raises', 'f(0)\nraise ValueError("from the test")'),
      snippet('third', 'assert f(0) == 3'),
    ]);
    expect(result.results.map((r) => r.status)).toEqual(['failed', 'error', 'passed']);
    expect(result.results[0]).toMatchObject({ actual: '1', expected: '5' });
  });

  it('reports a program that fails to load in every test, loading it afresh for each', async () => {
    const result = await run('import os\nprint("loading", os.getpid())\nraise ValueError("boom")\n', [snippet('a', 'assert f(1) == 1'), snippet('b', 'assert f(2) == 2')]);
    expect(result.results.map((r) => [r.status, r.errorType, r.errorMessage])).toEqual([
      ['error', 'ValueError', 'boom'],
      ['error', 'ValueError', 'boom'],
    ]);
    const pids = result.results.map((r) => r.stdout);
    expect(pids[0]).toMatch(/^loading \d+\n$/);
    expect(pids[1]).not.toBe(pids[0]);
  });

  it('gives each test the output printed while it ran', async () => {
    const result = await run(COUNTER, [snippet('a', 'assert f(0) == 1'), snippet('b', 'assert f(0) == 2\nprint("test b")')]);
    expect(result.results.map((r) => r.stdout)).toEqual(['call 1\n', 'call 2\ntest b\n']);
  });

  it('imports the program once for the test functions of a module, as pytest does', async () => {
    const module = 'from solution import f\n\ndef test_one():\n    assert f(0) == 1\n\ndef test_two():\n    assert f(0) == 2\n';
    const result = await run(COUNTER, [{ name: 'm', kind: 'module', source: module }]);
    expect(result.results.map((r) => `${r.name}:${r.status}`)).toEqual(['m::test_one:passed', 'm::test_two:passed']);
  });

  it('runs every stdin/stdout test in its own interpreter between snippets', async () => {
    const code = 'import sys\ncalls = []\ndef f(x):\n    calls.append(x)\n    return len(calls)\nif __name__ == "__main__":\n    print(int(sys.stdin.read()) * 2)\n';
    const result = await run(code, [
      snippet('a', 'assert f(0) == 1'),
      { name: 'io1', kind: 'stdio', stdin: '2', stdout: '4' },
      { name: 'io2', kind: 'stdio', stdin: '3', stdout: '6' },
      snippet('b', 'assert f(0) == 1'),
    ]);
    expect(result.results.map((r) => r.status)).toEqual(['passed', 'passed', 'passed', 'passed']);
  });
});
