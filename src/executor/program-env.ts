// The environment programs and judges run with: what murphy sets for every run plus the variables
// the executor was told to pass on (`--pass-env`), with their values in the executor's own
// environment. Nothing else of the executor's environment reaches them (it may hold secrets).
import { UsageError } from '../user-input/usage-error.js';

/** Set for every run unless a passed variable of the same name overrides it: matplotlib draws without
 * a display, and numerical libraries use one thread each, as each slot has one CPU (cpus.ts). */
export const DEFAULT_PROGRAM_ENV: Readonly<Record<string, string>> = {
  MPLBACKEND: 'Agg',
  OMP_NUM_THREADS: '1',
  OPENBLAS_NUM_THREADS: '1',
  MKL_NUM_THREADS: '1',
  NUMEXPR_NUM_THREADS: '1',
  VECLIB_MAXIMUM_THREADS: '1',
};

/** Set by the harness for each process (its own directory, the system's PATH): never passed. */
const RESERVED = new Set(['PATH', 'HOME', 'TMPDIR', 'LANG']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `--pass-env A,B --pass-env C` -> [A, B, C], each a valid name that the harness does not set itself. */
export function parsePassEnv(values: readonly string[]): string[] {
  const names = values.flatMap((value) => value.split(',')).map((name) => name.trim()).filter((name) => name);
  for (const name of names) {
    if (!NAME.test(name)) throw new UsageError(`--pass-env: "${name}" is not an environment variable name`);
    if (RESERVED.has(name)) throw new UsageError(`--pass-env: ${name} is set by the executor for each program and cannot be passed`);
  }
  return [...new Set(names)];
}

/** The defaults, then each named variable that is set in `env`. */
export function programEnv(passEnv: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const passed = passEnv.filter((name) => env[name] !== undefined).map((name) => [name, env[name] as string]);
  return { ...DEFAULT_PROGRAM_ENV, ...Object.fromEntries(passed) };
}
