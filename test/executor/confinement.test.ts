// What confines program processes beyond the judge, in both sandbox modes: no other programs
// (seccomp, whatever primitive starts them), no network, a bounded test directory, no writable host
// path, a CPU of its own per slot. Real engine, real python3, real kernel filters; afterwards
// nothing of the slots runs and an honest program still passes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:net';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Engine } from '../../src/executor/engine.js';
import type { Job, TestSpec } from '../../src/executor/job.js';
import type { SandboxMode } from '../../src/executor/sandbox.js';
import { slotProcesses } from './slot-processes.js';

const ADD: TestSpec[] = [{ name: 't1', kind: 'code', source: 'assert add(1, 2) == 3' }];
const honest = job('def add(a, b):\n    return a + b\n');

function job(code: string, tests: TestSpec[] = ADD, testTimeoutSeconds = 5): Job {
  return { code, tests, moduleName: 'solution', timeoutSeconds: 30, testTimeoutSeconds };
}

/** A program whose add() returns 3 only if `reach()` (the attack) worked. */
function attack(body: string): Job {
  return job(`def reach():\n${body.split('\n').map((line) => `    ${line}`).join('\n')}\n\ndef add(a, b):\n    return 3 if reach() else 0\n`);
}

// A listener on loopback that counts whatever reaches it.
let listener: Server;
let port = 0;
let connections = 0;
const canaryDir = mkdtempSync(join(tmpdir(), 'murphy-writable-'));
chmodSync(canaryDir, 0o777);

beforeAll(async () => {
  listener = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => listener.close(resolve));
  rmSync(canaryDir, { recursive: true, force: true });
});

// Each starts another program that connects to the listener: the connection proves it ran. bash
// (its /dev/tcp) and /usr/bin/python3 are readable by every user, as the slot users are.
const connectArgv = () => JSON.stringify(['/bin/bash', '-c', `echo hi > /dev/tcp/127.0.0.1/${port}`]);
const execAttacks: Record<string, () => string> = {
  '_posixsubprocess.fork_exec (no audit event)': () => [
    'import _posixsubprocess, os',
    `argv = ${connectArgv()}`,
    'errpipe_read, errpipe_write = os.pipe()',
    'pid = _posixsubprocess.fork_exec(argv, [os.fsencode(argv[0])], True, (), None, None, -1, -1, -1, -1, -1, -1,',
    '    errpipe_read, errpipe_write, False, False, -1, None, None, None, -1, None, False)',
    'os.close(errpipe_write)',
    'failed = os.read(errpipe_read, 1000)',
    'return not failed and os.waitpid(pid, 0)[1] == 0',
  ].join('\n'),
  'os.execv': () => `import os\nargv = ${connectArgv()}\nos.execv(argv[0], argv)`,
  'os.posix_spawn': () => `import os\nargv = ${connectArgv()}\npid = os.posix_spawn(argv[0], argv, {})\nreturn os.waitpid(pid, 0)[1] == 0`,
  'subprocess.run': () => `import subprocess\nreturn subprocess.run(${connectArgv()}).returncode == 0`,
  'a socket of its own': () => `import socket\nsocket.create_connection(("127.0.0.1", ${port}), timeout=2).close()\nreturn True`,
};

for (const mode of ['process', 'bwrap'] as SandboxMode[]) {
  describe(`confinement (${mode} sandbox)`, () => {
    let engine: Engine;

    beforeAll(async () => {
      engine = await Engine.start({ sandbox: mode, concurrency: 2 });
    });

    afterAll(async () => {
      await engine.close();
    });

    it('reports the seccomp filter, Landlock and a CPU per slot', () => {
      expect(engine.confinement).toMatchObject({ seccomp: true });
      expect(engine.confinement.landlock).toBeGreaterThan(0);
      expect(engine.concurrency).toBe(2);
    });

    for (const [name, body] of Object.entries(execAttacks)) {
      it(`blocks other programs and the network: ${name}`, async () => {
        const before = connections;
        const result = await engine.execute(attack(body()));
        expect(result.reward).toBe(0);
        await new Promise((resolve) => setTimeout(resolve, 200)); // a connection would have arrived by now
        expect(connections).toBe(before);
        expect(slotProcesses()).toEqual([]);
        expect((await engine.execute(honest)).reward).toBe(1);
      });
    }

    it('stops a program that writes 2 GiB into its directory, and leaves nothing behind', async () => {
      const code = 'for i in range(160):\n    with open(f"f{i}", "wb") as f:\n        f.write(b"x" * (15 << 20))\ndef add(a, b):\n    return a + b\n';
      const result = await engine.execute(job(code, ADD, 20));
      expect(result.reward).toBe(0);
      expect(result.results[0]).toMatchObject({ status: 'error', errorType: 'DiskLimitExceeded' });
      expect(slotProcesses()).toEqual([]);
      expect((await engine.execute(honest)).reward).toBe(1);
    });

    it('stops a program that creates 100k files or nests directories without end', async () => {
      for (const code of [
        'for i in range(100_000):\n    open(f"f{i}", "w").close()\n',
        'import os\nfor i in range(100_000):\n    os.mkdir("d")\n    os.chdir("d")\n',
      ]) {
        const result = await engine.execute(job(`${code}def add(a, b):\n    return a + b\n`, ADD, 20));
        expect(result.results[0]).toMatchObject({ passed: false, errorType: 'DiskLimitExceeded' });
      }
      expect((await engine.execute(honest)).reward).toBe(1);
    });

    it('lets a program write only inside its own directory', async () => {
      const targets = ['/tmp/murphy-left-behind', '/var/tmp/murphy-left-behind', '/dev/shm/murphy-left-behind', join(canaryDir, 'left-behind'), join(engine.harnessDir, 'left-behind')];
      const code = [
        'import os',
        `for path in ${JSON.stringify(targets)} + [os.path.join(os.path.dirname(os.getcwd()), "next-run")]:`,
        '    try:',
        '        with open(path, "w") as f: f.write("x")',
        '    except OSError: pass',
        'with open("mine.txt", "w") as f: f.write("ok")',
        'def add(a, b):\n    return a + b if open("mine.txt").read() == "ok" else 0',
      ].join('\n');
      const result = await engine.execute(job(code));
      expect(result.reward).toBe(1); // its own directory works
      for (const target of targets) expect(existsSync(target)).toBe(false);
    });

    it('keeps each slot on its own CPU, which the program cannot leave', async () => {
      const code = 'import os\ntry:\n    os.sched_setaffinity(0, range(os.cpu_count()))\nexcept OSError:\n    pass\nCPUS = sorted(os.sched_getaffinity(0))\n';
      const probe = job(code, [{ name: 'cpus', kind: 'code', source: 'assert CPUS == "?"' }]);
      const [a, b] = await Promise.all([engine.execute(probe), engine.execute(probe)]);
      const cpus = [a, b].map((r) => JSON.parse(r.results[0]?.actual ?? 'null') as number[]);
      for (const set of cpus) expect(set).toHaveLength(1);
      expect(cpus[0]).not.toEqual(cpus[1]);
    });

    it("does not let one slot's fork and CPU bomb time out an honest neighbour", async () => {
      // Each bomb process starts a session of its own, so the kernel's per-session scheduling groups do not contain it.
      const bomb = job('import os\nfor _ in range(200):\n    try:\n        if os.fork() == 0:\n            os.setsid()\n    except OSError:\n        break\nwhile True:\n    pass\n', ADD, 15);
      const work = job('def add(a, b):\n    total = 0\n    for i in range(3_000_000):\n        total += i & 1\n    return a + b\n', ADD, 12);
      const alone = await engine.execute(work);
      const bombing = engine.execute(bomb);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const neighbour = await engine.execute(work);
      expect(neighbour.results[0]).toMatchObject({ passed: true });
      // Measured here: about 2x its time alone with a CPU per slot (the machine's other load), 4-9x without.
      expect(neighbour.results[0]?.durationSeconds).toBeLessThan(4 * (alone.results[0]?.durationSeconds ?? 0) + 0.5);
      expect((await bombing).reward).toBe(0);
      expect(slotProcesses()).toEqual([]);
    });

    if (mode === 'process') {
      it('leaves nothing in the work area after hostile runs', () => {
        const slots = readdirSync(join(engine.harnessDir, '..', 'runs'));
        expect(slots.length).toBeGreaterThan(0);
        for (const slot of slots) expect(readdirSync(join(engine.harnessDir, '..', 'runs', slot))).toEqual([]);
      });
    }
  });
}

// The filter on its own, in a plain interpreter (programs reach these calls through ctypes, which
// the harness does not refuse: the filter is what holds): each call works before it and fails after.
describe('the seccomp filter of program processes', () => {
  const harness = new URL('../../src/executor/harness/', import.meta.url).pathname;
  const script = [
    'import ctypes, os, sys',
    `sys.path.insert(0, ${JSON.stringify(harness)})`,
    'import syscall_filter',
    'libc = ctypes.CDLL(None, use_errno=True)',
    'def attempts():',
    '    out = {}',
    '    out["unshare"] = in_child(lambda: libc.unshare(0x10000000 | 0x40000000))',  // CLONE_NEWUSER | CLONE_NEWNET
    '    out["setns"] = in_child(lambda: libc.setns(os.open("/proc/self/ns/uts", os.O_RDONLY), 0))',
    '    out["ptrace"] = in_child(lambda: libc.ptrace(0, 0, 0, 0))',  // PTRACE_TRACEME
    '    return out',
    'def in_child(call):',
    '    pid = os.fork()',
    '    if pid == 0:',
    '        os._exit(0 if call() == 0 else 1)',
    '    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0',
    'filt = syscall_filter.prepare()',
    'before = attempts()',
    'filt.load()',
    'print(before, attempts())',
  ].join('\n');

  it('refuses new namespaces, setns and ptrace (which work without it)', () => {
    const run = spawnSync('python3', ['-c', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe("{'unshare': True, 'setns': True, 'ptrace': True} {'unshare': False, 'setns': False, 'ptrace': False}");
  });

  it('refuses limits, priority and scheduling of anything but the caller (EPERM, not ESRCH), and allows them of the caller', () => {
    // Targets that change nothing if the filter let them through: no such user or group, the parent's own values.
    const calls = [
      'import errno, resource',
      'def attempt(call):',
      '    try:',
      '        call()',
      '        return "ok"',
      '    except OSError as error:',
      '        return errno.errorcode[error.errno]',
      'parent = os.getppid()',
      'calls = {',
      '    "user": lambda: os.setpriority(os.PRIO_USER, 2_000_000_000, 19), "group": lambda: os.setpriority(os.PRIO_PGRP, 1 << 30, 19),',
      '    "other": lambda: os.setpriority(os.PRIO_PROCESS, parent, os.getpriority(os.PRIO_PROCESS, parent)),',
      '    "prlimit": lambda: resource.prlimit(parent, resource.RLIMIT_CORE),',
      '    "sched": lambda: os.sched_setscheduler(parent, os.sched_getscheduler(parent), os.sched_param(0)),',
      '    "self": lambda: os.setpriority(os.PRIO_PROCESS, 0, 2), "own limit": lambda: resource.prlimit(0, resource.RLIMIT_CORE, (0, 0)),',
      '    "own sched": lambda: os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0)),',
      '}',
      'filt = syscall_filter.prepare()',
      'filt.load()',
      'print(sorted(f"{name} {attempt(call)}" for name, call in calls.items()))',
    ].join('\n');
    const run = spawnSync('python3', ['-c', script.replace(/filt = syscall_filter[\s\S]*$/, calls)], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe("['group EPERM', 'other EPERM', 'own limit ok', 'own sched ok', 'prlimit EPERM', 'sched EPERM', 'self ok', 'user EPERM']");
  });
});
