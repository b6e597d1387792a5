import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChildService } from './child-service.js';
import { unexpectedExit } from './unexpected-exit.js';
import { ServiceStartError } from './user-errors.js';

const logs = mkdtempSync(join(tmpdir(), 'murphy-exit-'));

function service(name: string, script: string): ChildService {
  return new ChildService({ name, command: process.execPath, args: ['-e', script], env: {}, logFile: join(logs, `${name}.log`) });
}

describe('unexpectedExit', () => {
  it('rejects with the service, how it ended and the end of its log', async () => {
    const crashing = service('executor', 'console.error("port already in use"); process.exit(3)');
    const steady = service('inference', 'setTimeout(() => {}, 60_000)');
    const error = await unexpectedExit([crashing, steady], logs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceStartError);
    expect((error as Error).message).toBe(`executor exited with code 3; the end of ${join(logs, 'executor.log')}:\nport already in use\n(logs of all services: ${logs})`);
    await steady.stop(1000);
  });

  it('stays pending when the services exit because they were asked to stop', async () => {
    const child = service('trainer', 'setTimeout(() => {}, 60_000)');
    const watched = unexpectedExit([child]);
    await child.stop(1000);
    const outcome = await Promise.race([watched.then(() => 'settled', () => 'settled'), new Promise((resolve) => setTimeout(() => resolve('pending'), 200))]);
    expect(outcome).toBe('pending');
  });
});
