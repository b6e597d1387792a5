// The JSON form of a job (`murphy exec` input) and the checks shared with the gRPC request:
// each test is {name, code} (snippet), {name, module} (pytest-style module) or {name, stdin, stdout}.
import { z } from 'zod';
import { DEFAULT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS, type Job, type TestSpec } from './job.js';

const name = z.string().min(1).max(200);
const timeout = z.number().positive().max(MAX_TIMEOUT_SECONDS);

const testSchema = z.union([
  z.strictObject({ name, code: z.string() }),
  z.strictObject({ name, module: z.string() }),
  z.strictObject({ name, stdin: z.string().default(''), stdout: z.string() }),
]);

export const jobInputSchema = z.strictObject({
  code: z.string(),
  tests: z.array(testSchema).min(1).max(1000),
  timeoutSeconds: timeout.default(DEFAULT_TIMEOUT_SECONDS),
  testTimeoutSeconds: timeout.optional(),
  moduleName: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a Python module name').default('solution'),
});

export type JobInput = z.input<typeof jobInputSchema>;

function testSpec(test: z.output<typeof testSchema>): TestSpec {
  if ('code' in test) return { name: test.name, kind: 'code', source: test.code };
  if ('module' in test) return { name: test.name, kind: 'module', source: test.module };
  return { name: test.name, kind: 'stdio', stdin: test.stdin, stdout: test.stdout };
}

export function toJob(input: z.output<typeof jobInputSchema>): Job {
  return {
    code: input.code,
    tests: input.tests.map(testSpec),
    moduleName: input.moduleName,
    timeoutSeconds: input.timeoutSeconds,
    testTimeoutSeconds: input.testTimeoutSeconds ?? 0,
  };
}
