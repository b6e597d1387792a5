// `murphy exec` and `murphy executor` as real processes (the built CLI in dist/).
import { describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { credentials } from '@grpc/grpc-js';
import { ExecutorClient, type ExecuteResponse } from '../../src/gen/murphy/v1/executor.js';

const CLI = 'dist/src/cli/main.js';

describe('murphy exec', () => {
  it('reads a job as JSON on stdin and prints the scored result', () => {
    const input = { code: 'def add(a, b):\n    return a + b\n', tests: [{ name: 't1', code: 'assert add(1, 2) == 3' }, { name: 't2', code: 'assert add(1, 2) == 4' }], timeoutSeconds: 10 };
    const run = spawnSync('node', [CLI, 'exec', '--sandbox', 'process'], { input: JSON.stringify(input), encoding: 'utf8' });
    expect(run.status).toBe(0);
    const output = JSON.parse(run.stdout) as { passed: number; total: number; reward: number; results: { name: string; passed: boolean }[] };
    expect(output).toMatchObject({ passed: 1, total: 2, reward: 0.5 });
    expect(output.results.map((r) => [r.name, r.passed])).toEqual([['t1', true], ['t2', false]]);
  });

  it('says what it is doing while a program runs for more than a few seconds', () => {
    const input = { code: 'import time\ntime.sleep(3.5)\nX = 1\n', tests: [{ name: 't', code: 'assert X == 1' }], timeoutSeconds: 20 };
    const run = spawnSync('node', [CLI, 'exec', '--sandbox', 'process'], { input: JSON.stringify(input), encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^murphy exec: running the program against 1 test \(\d+ s\)\n(.*\n)*murphy exec: done in \d+\.\d s\n$/m);
    expect((JSON.parse(run.stdout) as { passed: number }).passed).toBe(1);
  });

  it('names the bad field of invalid input and exits 1', () => {
    const run = spawnSync('node', [CLI, 'exec'], { input: JSON.stringify({ code: 'x', tests: [{ name: 't', stdin: '1' }] }), encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^stdin: tests\[0\]/);
    expect(run.stderr).not.toContain('    at ');
    const bad = spawnSync('node', [CLI, 'exec', '--sandbox', 'docker'], { input: '{}', encoding: 'utf8' });
    expect(bad.stderr).toBe('murphy exec: --sandbox: expected one of auto, bwrap, process, got "docker"\n');
  });
});

describe('murphy executor', () => {
  it('serves gRPC and drains on SIGTERM: the running call completes, the process exits 0', async () => {
    const server = spawn('node', [CLI, 'executor', '--port', '0', '--metrics-port', '0', '--sandbox', 'process', '--concurrency', '1', '--host', '127.0.0.1'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    const port = await new Promise<number>((resolve, reject) => {
      server.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        log += chunk;
        const match = /gRPC on :(\d+)/.exec(log);
        if (match) resolve(Number(match[1]));
      });
      server.once('exit', () => reject(new Error(`executor exited: ${log}`)));
    });
    const client = new ExecutorClient(`127.0.0.1:${port}`, credentials.createInsecure());
    const call = new Promise<ExecuteResponse>((resolve, reject) =>
      client.execute({ code: 'import time\ntime.sleep(1)\nX = 1\n', tests: [{ name: 't', code: 'assert X == 1' }], timeoutSeconds: 10, testTimeoutSeconds: 0, moduleName: '', requestId: '' }, (error, response) => (error ? reject(error) : resolve(response))),
    );
    await new Promise((resolve) => setTimeout(resolve, 400));
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect((await call).passed).toBe(1);
    expect(await exited).toBe(0);
    expect(log).toContain('SIGTERM: draining');
    client.close();
  });
});
