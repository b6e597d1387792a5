import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildService } from './child-service.js';
import { freePorts } from './free-port.js';

/** Running (a zombie that nobody reaped yet counts as gone). */
const alive = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe('ChildService', () => {
  it('logs to its file and stops its whole process group, even a child that ignores SIGTERM', async () => {
    const logFile = join(mkdtempSync(join(tmpdir(), 'murphy-child-')), 'svc.log');
    const script = 'echo started; (trap "" TERM; sleep 60) & echo $! ; wait';
    const service = new ChildService({ name: 'svc', command: '/bin/sh', args: ['-c', script], env: process.env, logFile });
    for (let i = 0; i < 50 && !readFileSync(logFile, 'utf8').includes('\n', 8); i++) await new Promise((r) => setTimeout(r, 50));
    const grandchild = Number(readFileSync(logFile, 'utf8').split('\n')[1]);
    expect(alive(grandchild)).toBe(true);
    await service.stop(300);
    expect(service.isStopping).toBe(true);
    for (let i = 0; i < 20 && alive(grandchild); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive(grandchild)).toBe(false);
    expect(service.logTail()).toMatch(/^started/);
  });

  it('reports how a service ended', async () => {
    const logFile = join(mkdtempSync(join(tmpdir(), 'murphy-child-')), 'svc.log');
    const service = new ChildService({ name: 'svc', command: '/bin/sh', args: ['-c', 'echo boom >&2; exit 3'], env: process.env, logFile });
    expect(await service.exited).toEqual({ code: 3, signal: null });
    expect(service.logTail()).toBe('boom');
  });
});

describe('freePorts', () => {
  it('hands out distinct ports', async () => {
    const ports = await freePorts(7);
    expect(new Set(ports).size).toBe(7);
    expect(ports.every((p) => p > 0 && p < 65536)).toBe(true);
  });
});
