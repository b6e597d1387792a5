// The executor as a pod runs it, for the tests: the built CLI (dist/) as a real process under one
// non-root uid, no capabilities, `process` sandbox, served over real gRPC on loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import { credentials } from '@grpc/grpc-js';
import { ExecutorClient, type ExecuteRequest, type ExecuteResponse, type TestCase } from '../../src/gen/murphy/v1/executor.js';
import type { TestSpec } from '../../src/executor/job.js';

const CLI = 'dist/src/cli/main.js';
export const USER = 65532;

export interface OneUserExecutor {
  readonly server: ChildProcess;
  readonly client: ExecutorClient;
  /** What the executor logged so far. */
  log(): string;
  execute(request: Partial<ExecuteRequest> & Pick<ExecuteRequest, 'code' | 'tests'>): Promise<ExecuteResponse>;
  stop(): Promise<void>;
}

/** Starts `murphy executor` as uid USER with `python` and these extra environment variables. */
export async function startOneUserExecutor(python: string, env: Record<string, string> = {}): Promise<OneUserExecutor> {
  let log = '';
  const server = spawn('node', [CLI, 'executor', '--port', '0', '--metrics-port', '0', '--sandbox', 'process', '--concurrency', '2', '--host', '127.0.0.1', '--python', python], {
    uid: USER,
    gid: USER,
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/tmp', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      log += chunk;
      const match = /gRPC on :(\d+)/.exec(log);
      if (match) resolve(Number(match[1]));
    });
    server.once('exit', () => reject(new Error(`executor exited: ${log}`)));
  });
  const client = new ExecutorClient(`127.0.0.1:${port}`, credentials.createInsecure());
  const execute = (request: Partial<ExecuteRequest> & Pick<ExecuteRequest, 'code' | 'tests'>) =>
    new Promise<ExecuteResponse>((resolve, reject) =>
      client.execute({ timeoutSeconds: 20, testTimeoutSeconds: 5, moduleName: '', requestId: '', ...request }, (error, response) => (error ? reject(error) : resolve(response))),
    );
  const stop = async () => {
    client.close();
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  };
  return { server, client, log: () => log, execute, stop };
}

/** A snippet or module test of the engine's job as the gRPC request carries it. */
export function testCase(spec: TestSpec): TestCase {
  if (spec.kind === 'stdio') return { name: spec.name, stdio: { stdin: spec.stdin, stdout: spec.stdout } };
  return spec.kind === 'code' ? { name: spec.name, code: spec.source } : { name: spec.name, module: spec.source };
}
