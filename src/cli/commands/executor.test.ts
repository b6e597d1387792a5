import { describe, expect, it } from '@jest/globals';
import { parseExecutorFlags } from './executor.js';

describe('murphy executor flags', () => {
  it('takes the interpreter (--python PATH) and the variables programs get (--pass-env NAME[,NAME], repeatable)', () => {
    expect(parseExecutorFlags(['--python', '/opt/venv/bin/python', '--pass-env', 'A,B', '--pass-env', 'C'])).toMatchObject({ python: '/opt/venv/bin/python', passEnv: ['A', 'B', 'C'] });
    expect(parseExecutorFlags([])).toMatchObject({ passEnv: [] });
    expect(parseExecutorFlags([])).not.toHaveProperty('python');
    expect(() => parseExecutorFlags(['--pass-env', 'PATH'])).toThrow('PATH is set by the executor');
  });
});
