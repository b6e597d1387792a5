// Programs that try to make the judge's asserts pass without computing the answer: one or more
// attacks per class of the threat model (docs/executor.md). Tests run in the judge's own
// interpreter and the program only answers calls, so each must score 0, leave no process of the
// slot running, and leave the executor serving honest programs. Real engine, both sandbox modes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:net';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/executor/engine.js';
import type { ExecutionResult, Job, TestSpec } from '../../src/executor/job.js';
import type { SandboxMode } from '../../src/executor/sandbox.js';
import { attacks, code, EXEC, FORGE, FRAME, namesInTheJudge, programOutputAsCode } from './attack-cases.js';
import { slotProcesses } from './slot-processes.js';
import { engineOccupied } from './engine-waits.js';

const honest: Job = {
  code: 'def add(a, b):\n    return a + b\n',
  tests: [code('t1', 'assert add(1, 2) == 3')],
  moduleName: 'solution',
  timeoutSeconds: 20,
  testTimeoutSeconds: 5,
};

/** Runs `job`, which must score 0 with no test passed, leave no slot process, and leave `engine` serving honest programs. */
async function scoresZero(engine: Engine, job: Job): Promise<ExecutionResult> {
  const result = await engine.execute(job);
  expect(result.results.filter((r) => r.passed || r.status === 'passed')).toEqual([]);
  expect(result.reward).toBe(0);
  expect(slotProcesses()).toEqual([]);
  expect((await engine.execute(honest)).reward).toBe(1);
  return result;
}

describe.each(['bwrap', 'process'] as SandboxMode[])('attacks on the judge in %s mode', (mode) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.start({ sandbox: mode, concurrency: 2 });
  });
  afterAll(async () => {
    await engine.close();
  });

  // Names the program sends are not resolved in the judge (namesInTheJudge), as every other class.
  it.each(Object.entries({ ...attacks, ...namesInTheJudge }))('scores 0: %s', async (_name, attack) => {
    await scoresZero(engine, { ...honest, code: attack.program, tests: attack.tests });
  });

  it('reads the same forged answer when it holds a plain value (the refusal above is the name\'s)', async () => {
    const result = await engine.execute({ ...honest, code: `${FRAME}\ndef any_value(x):\n    answer(42)\n`, tests: [code('plain', 'assert any_value(1) == 42')] });
    expect(result.reward).toBe(1);
  });

  it('reaches no loopback listener, also through _posixsubprocess', async () => {
    let connections = 0;
    const server: Server = createServer((socket) => {
      connections++;
      socket.on('error', () => undefined);
      socket.end('3\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const connect = `import socket; socket.create_connection(("127.0.0.1", ${port}), timeout=1)`;
    const program = [
      EXEC,
      'def add(a, b):',
      `    run([sys.executable, "-c", ${JSON.stringify(connect)}])`,
      `    run(["/usr/bin/python3", "-c", ${JSON.stringify(connect)}])`,
      `    run(["/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${port}"])`,
      '    import time; time.sleep(1.5)',  // time for the programs it started to connect
      `    with socket.create_connection(("127.0.0.1", ${port}), timeout=1) as s:`,
      '        return int(s.recv(10))',
    ].join('\n').replace('import _posixsubprocess, os, sys', 'import _posixsubprocess, os, socket, sys');
    const result = await engine.execute({ ...honest, code: program });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(result.reward).toBe(0);
    expect(connections).toBe(0);
  });
});

// bwrap mode only: in process mode the interpreter's folders are the host's own.
describe('bwrap mode: the interpreter library', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await Engine.start({ sandbox: 'bwrap', concurrency: 1 });
  });
  afterAll(async () => {
    await engine.close();
  });

  it('lets honest programs import standard modules that are not preloaded (the interpreter under /root)', async () => {
    const program = 'import xml.dom.minidom\ndef tag(text):\n    return xml.dom.minidom.parseString(text).documentElement.tagName\n';
    const result = await engine.execute({ ...honest, code: program, tests: [code('t', 'assert tag("<b></b>") == "b"')] });
    expect(result.results.map((r) => r.status)).toEqual(['passed']);
  });
});

function inJudge(name: string, body: string): TestSpec {
  return code(name, `${body}\nassert add(1, 2) == 3`);
}

describe.each(['bwrap', 'process'] as SandboxMode[])('the judge, as untrusted as the program, in %s mode', (mode) => {
  let engine: Engine;
  const canaryDir = mkdtempSync(join(tmpdir(), 'murphy-judge-canary-'));
  chmodSync(canaryDir, 0o777);
  const wrong = 'def add(a, b):\n    return 0\n';
  beforeAll(async () => {
    engine = await Engine.start({ sandbox: mode, concurrency: 2 });
  });
  afterAll(async () => {
    await engine.close();
    rmSync(canaryDir, { recursive: true, force: true });
  });

  it.each(Object.entries(programOutputAsCode))('scores 0: %s', async (_name, attack) => {
    const result = await scoresZero(engine, { ...honest, code: attack.program, tests: attack.tests });
    expect(result.results.map((r) => r.errorType)).not.toContain('Internal');
  });

  it('writes a forged verdict into its own descriptors, and the report channel takes none of it', async () => {
    await scoresZero(engine, { ...honest, code: wrong, tests: [inJudge('forge', FORGE), inJudge('after', '')] });
  });

  it('cannot remount or write the harness, nor write a host file', async () => {
    const harnessFile = join(engine.harnessDir, 'judge.py');
    const before = readFileSync(harnessFile, 'utf8');
    const targets = [harnessFile, '/murphy/harness/judge.py', join(canaryDir, 'judge-was-here'), '/tmp/judge-was-here', '/dev/shm/judge-was-here'];
    const body = [
      'import ctypes, os',
      'libc = ctypes.CDLL(None, use_errno=True)',
      `for path in ${JSON.stringify([engine.harnessDir, '/murphy/harness'])}:`,
      '    libc.mount(None, path.encode(), None, 32 | 4096, None)',  // MS_REMOUNT | MS_BIND, read-write
      '    try: os.chmod(path, 0o777)',
      '    except OSError: pass',
      `for path in ${JSON.stringify(targets)}:`,
      '    try:',
      '        with open(path, "a") as f: f.write("x")',
      '    except OSError: pass',
    ].join('\n');
    await scoresZero(engine, { ...honest, code: wrong, tests: [inJudge('write', body)] });
    expect(readFileSync(harnessFile, 'utf8')).toBe(before);
    for (const target of targets.slice(2)) expect(existsSync(target)).toBe(false);
  });

  it("cannot kill the executor or the neighbouring slot's processes: the honest neighbour scores 1", async () => {
    const killer = [
      'import os, signal, time',
      'end = time.monotonic() + 2',
      'while time.monotonic() < end:',
      '    for pid in [int(p) for p in os.listdir("/proc") if p.isdigit()]:',
      '        if pid != os.getpid():',
      '            try: os.kill(pid, signal.SIGKILL)',
      '            except OSError: pass',
      '    for who in (0, os.getuid(), os.getuid() - 1):',
      '        try: os.setpriority(os.PRIO_USER, who, 19)',
      '        except OSError: pass',
      '    time.sleep(0.05)',
    ].join('\n');
    const neighbour: Job = {
      ...honest,
      code: 'import time\ndef add(a, b):\n    time.sleep(0.2)\n    return a + b\n',
      tests: Array.from({ length: 12 }, (_, i) => code(`n${i}`, `assert add(${i}, 1) == ${i + 1}`)),
    };
    const running = engine.execute(neighbour);
    await engineOccupied(engine, 1);
    const attack = await engine.execute({ ...honest, code: wrong, tests: [inJudge('kill', killer)] });
    expect([attack.reward, (await running).reward]).toEqual([0, 1]);
    expect(slotProcesses()).toEqual([]);
    expect((await engine.execute(honest)).reward).toBe(1);
  });

  it('is stopped at the disk limit by 640 MiB of deleted files it keeps open, program or judge', async () => {
    const hold = [
      'import os',
      'held = []',
      'for i in range(40):',
      '    fd = os.open(f"held{i}", os.O_CREAT | os.O_RDWR, 0o600)',
      '    os.unlink(f"held{i}")',
      '    os.write(fd, b"x" * (16 << 20))',
      '    held.append(fd)',
    ].join('\n');
    const program = await scoresZero(engine, { ...honest, testTimeoutSeconds: 20, code: `${hold}\ndef add(a, b):\n    return a + b\n` });
    expect(program.results[0]).toMatchObject({ errorType: 'DiskLimitExceeded' });
    const judge = await scoresZero(engine, { ...honest, testTimeoutSeconds: 20, code: 'def add(a, b):\n    return a + b\n', tests: [code('hold', `${hold}\nimport time\ntime.sleep(5)`)] });
    expect(judge.results[0]).toMatchObject({ errorType: 'DiskLimitExceeded' });
    // Files of no filesystem at all are refused outright.
    const memfd = await scoresZero(engine, { ...honest, code: `import os\nfds = [os.memfd_create("x") for _ in range(40)]\ndef add(a, b):\n    return a + b\n` });
    expect(memfd.results[0]).toMatchObject({ errorType: 'PermissionError' });
  });

  it('cannot renice every process of its user, nor another process, program or judge', async () => {
    const renice = [
      'import os, resource',
      'def reniced():',
      '    done = []',
      '    for call in (lambda: os.setpriority(os.PRIO_USER, 0, 19), lambda: os.setpriority(os.PRIO_PGRP, 0, 19),',
      '                 lambda: os.setpriority(os.PRIO_PROCESS, os.getppid(), 19), lambda: resource.prlimit(os.getppid(), resource.RLIMIT_NOFILE, (1, 1)),',
      '                 lambda: os.sched_setscheduler(os.getppid(), os.SCHED_IDLE, os.sched_param(0))):',
      '        try:',
      '            call()',
      '            done.append(True)',
      '        except OSError:',
      '            pass',
      '    return len(done)',
    ].join('\n');
    const result = await scoresZero(engine, { ...honest, code: `${renice}\ndef add(a, b):\n    return 3 if reniced() else 0\n`,
      tests: [code('program', 'assert add(1, 2) == 3'), code('judge', `${renice}\nassert reniced() == 0\nassert add(1, 2) == 4`)] });
    expect(result.results.map((r) => r.status)).toEqual(['failed', 'failed']);
    expect(result.results[1]).toMatchObject({ actual: '0', errorMessage: expect.stringContaining('add(1, 2) == 4') }); // the judge's own attempts failed too
  });
});
