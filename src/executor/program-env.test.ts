import { describe, expect, it } from '@jest/globals';
import { DEFAULT_PROGRAM_ENV, parsePassEnv, programEnv } from './program-env.js';

describe('the environment programs get', () => {
  it('reads --pass-env as comma-separated, repeatable names', () => {
    expect(parsePassEnv(['A,B', ' C ', 'A'])).toEqual(['A', 'B', 'C']);
    expect(() => parsePassEnv(['A-B'])).toThrow('--pass-env: "A-B" is not an environment variable name');
    expect(() => parsePassEnv(['HOME'])).toThrow('--pass-env: HOME is set by the executor for each program and cannot be passed');
  });

  it("is murphy's defaults and the passed variables that are set, nothing else", () => {
    const env = { TOKEN: 'secret', WANTED: 'yes', OMP_NUM_THREADS: '4' };
    expect(programEnv(['WANTED', 'UNSET', 'OMP_NUM_THREADS'], env)).toEqual({ ...DEFAULT_PROGRAM_ENV, WANTED: 'yes', OMP_NUM_THREADS: '4' });
    expect(programEnv([], env)).toEqual(DEFAULT_PROGRAM_ENV);
    expect(DEFAULT_PROGRAM_ENV).toMatchObject({ MPLBACKEND: 'Agg', OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' });
  });
});
