// Reads the runner's result line defensively: the runner is trusted, but a result that does not
// have the expected shape must fail closed (never count as a pass).
import { z } from 'zod';
import type { TestResult } from './job.js';

const resultSchema = z.object({
  name: z.string(),
  passed: z.boolean(),
  status: z.enum(['passed', 'failed', 'error', 'timeout', 'crashed']),
  errorType: z.string().default(''),
  errorMessage: z.string().default(''),
  traceback: z.string().default(''),
  actual: z.string().optional(),
  expected: z.string().optional(),
  stdout: z.string().default(''),
  stderr: z.string().default(''),
  durationSeconds: z.number().default(0),
});

const lineSchema = z.object({ results: z.array(resultSchema) });

/** The results of a runner line, or undefined when the line is not a well-formed result. */
export function parseRunnerResults(message: unknown): TestResult[] | undefined {
  const parsed = lineSchema.safeParse(message);
  if (!parsed.success) return undefined;
  return parsed.data.results.map(({ actual, expected, ...rest }) => ({
    ...rest,
    passed: rest.passed && rest.status === 'passed',
    ...(actual === undefined ? {} : { actual }),
    ...(expected === undefined ? {} : { expected }),
  }));
}
