// How a problem's tests are sent to the executor, shared by the coordinator's gRPC client and the
// ground-truth check: an assert test is a code test (with the problem's setup in front), a stdio
// test a stdio test, and the pytest tests of one module are sent once as a module test whose
// per-test results ("<name>::<function>", or "<name>::<Class>::<method>") are matched back by name.
import type { TestSpec } from '../executor/job.js';
import type { TestCase } from './problem.js';

export interface ExecutorTests {
  readonly tests: TestSpec[];
  /** For each murphy test, the name of the executor result that scores it. */
  readonly resultNames: string[];
}

export function executorTests(tests: readonly TestCase[], setup: string): ExecutorTests {
  const specs: TestSpec[] = [];
  const modules = new Map<string, string>();
  const resultNames = tests.map((test, i) => {
    if (test.kind === 'pytest') {
      let name = modules.get(test.source);
      if (name === undefined) {
        name = `module${modules.size}`;
        modules.set(test.source, name);
        specs.push({ name, kind: 'module', source: test.source });
      }
      return `${name}::${test.function}`;
    }
    const name = `t${i}`;
    if (test.kind === 'assert') specs.push({ name, kind: 'code', source: setup ? `${setup}\n${test.source}` : test.source });
    else specs.push({ name, kind: 'stdio', stdin: test.input, stdout: test.expected });
    return name;
  });
  return { tests: specs, resultNames };
}

/** The wall clock of a whole request: each test may take the per-test limit. */
export function requestTimeoutSeconds(testTimeoutSeconds: number, testCount: number): number {
  return testTimeoutSeconds * Math.max(1, testCount);
}
