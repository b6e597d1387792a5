// The executor as a pod runs it: one non-root user for everything (no user per slot), no
// capabilities, `process` sandbox, the image's /usr/bin/python3 and a harness owned by root. A
// program, and its judge, then share their user with the executor and the other slot; Landlock and
// the seccomp filter must still keep a program, and a judge that runs what it wrote, from the
// executor, the neighbour, each other and the harness. The built CLI (dist/) as a real process
// under uid 65532, real gRPC calls.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getPriority } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import type { ExecuteResponse } from '../../src/gen/murphy/v1/executor.js';
import { startOneUserExecutor, USER, type OneUserExecutor } from './one-user-executor.js';

const SECRET = 'murphy-executor-secret-7f3a';

/** Live processes of `uid`, each with its parent. */
function processesOf(uid: number): Map<number, number> {
  const found = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      if (Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]) === uid && !/^State:\s+Z/m.test(status)) found.set(Number(entry), Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]));
    } catch {
      // ended meanwhile
    }
  }
  return found;
}

/** The executor's processes of `uid`: `root` and what descends from it, or what a run of it left with no parent of the user (other pods may run as the same uid on this machine). */
function executorProcesses(uid: number, root: number): Map<number, number> {
  const all = processesOf(uid);
  const depth = (pid: number): number => (pid === root ? 0 : all.has(pid) ? 1 + depth(all.get(pid) ?? 0) : Infinity);
  return new Map([...all].filter(([pid, parent]) => depth(pid) < Infinity || (parent === 1 && !all.has(parent) && started(pid) >= serverStarted)));
}

/** Start time of a process, in clock ticks since boot. */
function started(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[19]);
  } catch {
    return 0;
  }
}

/** Processes beyond the executor's idle tree: node -> a zygote per slot -> its warm runner -> that runner's forker. */
function beyondIdleTree(processes: Map<number, number>, root: number): number[] {
  const depth = (pid: number): number => (pid === root ? 0 : processes.has(pid) ? 1 + depth(processes.get(pid) ?? 0) : Infinity);
  const children = (pid: number): number[] => [...processes].filter(([, parent]) => parent === pid).map(([child]) => child);
  return [...processes.keys()].filter((pid) => pid !== root && (depth(pid) > 3 || (depth(pid) > 1 && children(processes.get(pid) ?? 0).length > 1)));
}

/** What is still beyond the idle tree once the slots had up to 10 s to start their next warm runners. */
async function settled(): Promise<number[]> {
  let beyond: number[] = [];
  for (let waited = 0; waited < 10_000; waited += 200) {
    beyond = beyondIdleTree(executorProcesses(USER, server.pid ?? 0), server.pid ?? 0);
    if (beyond.length === 0) return beyond;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return beyond;
}

let executor: OneUserExecutor;
let server: ChildProcess;
let serverStarted = 0;

function execute(code: string, test = 'assert add(1, 2) == 3'): Promise<ExecuteResponse> {
  return executor.execute({ code, tests: [{ name: 't', code: test }] });
}

const honest = 'def add(a, b):\n    return a + b\n';

beforeAll(async () => {
  executor = await startOneUserExecutor('/usr/bin/python3', { MURPHY_TEST_SECRET: SECRET });
  server = executor.server;
  serverStarted = started(server.pid ?? 0);
}, 60_000);

afterAll(async () => {
  await executor.stop();
});

describe('an executor running as one non-root user (a pod)', () => {
  it('says what confines programs, in its log and its metrics', async () => {
    expect(executor.log()).toMatch(/sandbox process \(seccomp, landlock ABI \d+\), 2 slots/);
    const metricsPort = /metrics on :(\d+)/.exec(executor.log())?.[1];
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(text).toContain('murphy_executor_sandbox_mode{mode="process"} 1');
    expect(Number(/^murphy_executor_landlock_abi (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
  });

  it('keeps a program from killing the executor, its runner and the neighbour slot', async () => {
    const killer = [
      'import os, signal',
      'for pid in [int(p) for p in os.listdir("/proc") if p.isdigit()]:',
      '    if pid != os.getpid():',
      '        try: os.kill(pid, signal.SIGKILL)',
      '        except OSError: pass',
      'def add(a, b):\n    return a + b',
    ].join('\n');
    const neighbour = execute('import time\ntime.sleep(1.5)\n' + honest);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const attack = await execute(killer);
    expect(attack.passed).toBe(1); // its own test still ran: nothing of the run was killed
    expect((await neighbour).passed).toBe(1);
    expect(server.exitCode).toBeNull();
    expect((await execute(honest)).passed).toBe(1);
  });

  it('keeps a judge that runs what a program wrote from killing the executor, the harness, the neighbour or its program', async () => {
    // Test code stands for whatever got into the judge: it kills every process it sees, renices the user and
    // writes the harness, while an honest neighbour runs; its own program must still answer.
    const judgeSide = [
      'import os, signal, sys, time',
      'for path in [os.path.join(p, "judge.py") for p in sys.path if "harness" in p]:',
      '    try: open(path, "a").write("x")',
      '    except OSError: pass',
      'try: os.setpriority(os.PRIO_USER, 0, 19)',
      'except OSError: pass',
      'end = time.monotonic() + 1',
      'while time.monotonic() < end:',
      '    for pid in [int(p) for p in os.listdir("/proc") if p.isdigit()]:',
      '        if pid != os.getpid():',
      '            try: os.kill(pid, signal.SIGKILL)',
      '            except OSError: pass',
      '    time.sleep(0.05)',
      'assert add(1, 2) == 3',
    ].join('\n');
    const neighbour = execute('import time\ntime.sleep(1.5)\n' + honest);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await execute(honest, judgeSide)).passed).toBe(1); // its program was still there to answer
    expect((await neighbour).passed).toBe(1);
    expect(server.exitCode).toBeNull();
    expect(getPriority(server.pid ?? 0)).toBe(0);
    expect((await execute(honest)).passed).toBe(1);
  });

  it("keeps a program from reading the executor's memory and environment", async () => {
    const reader = [
      'import os',
      'def found():',
      '    for pid in [p for p in os.listdir("/proc") if p.isdigit()]:',
      '        for name in ("environ", "mem", "cmdline"):',
      '            try:',
      `                if b"${SECRET}" in open(f"/proc/{pid}/{name}", "rb").read(1 << 20): return True`,
      '            except OSError: pass',
      '    return False',
      'def add(a, b):\n    return 3 if found() else 0',
    ].join('\n');
    expect((await execute(reader)).passed).toBe(0);
  });

  it('keeps the harness, which is owned by root, and host directories unwritable', async () => {
    const writer = [
      'import os, sys',
      'def wrote():',
      '    targets = ["/tmp/murphy-left-behind"] + [os.path.join(p, "judge.py") for p in sys.path if "harness" in p]',
      '    for path in targets:',
      '        try:',
      '            with open(path, "a") as f: f.write("x")',
      '            return True',
      '        except OSError: pass',
      '    return False',
      'def add(a, b):\n    return 3 if wrote() else 0',
    ].join('\n');
    expect((await execute(writer)).passed).toBe(0);
    expect((await execute(honest)).passed).toBe(1);
  });

  it('leaves no program process behind', async () => {
    expect(await settled()).toEqual([]);
    await execute('import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        time.sleep(60)\n    os._exit(0)\n' + honest);
    expect(await settled()).toEqual([]); // the sleeper would stay for a minute
    expect(executorProcesses(USER, server.pid ?? 0).size).toBeLessThanOrEqual(1 + 2 * 3);
  });
});
