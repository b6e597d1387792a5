// A root executor's bwrap sandbox keeps only the capabilities its trusted zygote needs (to make run
// directories and switch to the slots' users): never CAP_SYS_ADMIN, with which code that reached
// the zygote's user could remount the harness. Real bwrap, real interpreter, read from the kernel.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolvePython } from '../../src/executor/python.js';
import { bwrapArgs } from '../../src/executor/sandbox.js';

const CAP_SYS_ADMIN = 21n;
const NEEDED = { CAP_CHOWN: 0n, CAP_DAC_OVERRIDE: 1n, CAP_FOWNER: 3n, CAP_KILL: 5n, CAP_SETGID: 6n, CAP_SETUID: 7n };

describe('bwrap as root', () => {
  // Run as root, as make test is (a non-root bwrap gets a user namespace instead).
  it('gives the zygote exactly the capabilities it needs', () => {
    const python = resolvePython('/usr/bin/python3');
    const harnessDir = mkdtempSync(join(tmpdir(), 'murphy-caps-'));
    const args = bwrapArgs({ python, harnessDir, workDir: harnessDir, root: true });
    const probe = spawnSync('bwrap', [...args, python.executable, '-I', '-c', 'print(open("/proc/self/status").read())'], { encoding: 'utf8' });
    expect(probe.stderr).toBe('');
    const effective = BigInt(`0x${/^CapEff:\s+([0-9a-f]+)/m.exec(probe.stdout)?.[1] ?? 'ff'}`);
    const expected = Object.values(NEEDED).reduce((mask, bit) => mask | (1n << bit), 0n);
    expect(effective & (1n << CAP_SYS_ADMIN)).toBe(0n);
    expect(effective).toBe(expected);
  });
});
