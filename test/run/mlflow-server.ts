// A real MLflow tracking server for the tests: `mlflow server` from the trackers' environment, a
// sqlite store, on loopback; stop() and start() again keep its store and port (an outage).
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { join } from 'node:path';
import { freePorts } from '../../src/run/free-port.js';
import { waitFor } from './processes.js';

const START_TIMEOUT_MS = 120_000;

export class MlflowServer {
  private process: ChildProcess | undefined;

  private constructor(
    readonly python: string,
    readonly dir: string,
    readonly port: number,
  ) {}

  get uri(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async create(python: string, dir: string): Promise<MlflowServer> {
    const [port] = await freePorts(1);
    return new MlflowServer(python, dir, port!);
  }

  async start(): Promise<void> {
    const log = openSync(join(this.dir, 'mlflow-server.log'), 'a');
    const child = spawn(
      this.python,
      ['-m', 'mlflow', 'server', '--backend-store-uri', `sqlite:///${this.dir}/mlflow.db`, '--default-artifact-root', join(this.dir, 'artifacts'),
        '--host', '127.0.0.1', '--port', String(this.port), '--workers', '1'],
      { detached: true, stdio: ['ignore', log, log], env: { ...process.env, MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false' } },
    );
    this.process = child;
    const healthy = async () => {
      if (child.exitCode !== null) throw new Error(`mlflow server exited with ${child.exitCode}; see ${this.dir}/mlflow-server.log`);
      try {
        return (await fetch(`${this.uri}/health`, { signal: AbortSignal.timeout(2000) })).ok;
      } catch {
        return false;
      }
    };
    await waitFor(healthy, START_TIMEOUT_MS, `mlflow server on ${this.uri}`);
  }

  /** SIGTERM to the server's process group (uvicorn's worker included), and wait for it to go. */
  async stop(): Promise<void> {
    const child = this.process;
    if (child === undefined || child.pid === undefined) return;
    this.process = undefined;
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
    }
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the whole group is gone
    }
  }
}
