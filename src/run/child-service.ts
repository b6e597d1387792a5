// One service process that `murphy run` owns: started in its own process group with its output in a
// log file, stopped with SIGTERM to the whole group (torchrun's workers included), SIGKILL after a
// grace period.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface ServiceCommand {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly logFile: string;
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class ChildService {
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;
  private stopping = false;

  constructor(readonly spec: ServiceCommand) {
    const log = openSync(spec.logFile, 'a');
    try {
      this.child = spawn(spec.command, [...spec.args], { env: spec.env, stdio: ['ignore', log, log], detached: true });
    } finally {
      closeSync(log);
    }
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => resolve({ code, signal }));
      this.child.once('error', () => resolve({ code: 127, signal: null }));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** True once stop() was called: an exit after that is expected. */
  get isStopping(): boolean {
    return this.stopping;
  }

  /** The last lines of the service's log, for error messages. */
  logTail(lines = 15): string {
    try {
      return readFileSync(this.spec.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
    this.signal('SIGKILL'); // whatever the group leader left behind
  }

  /** Synchronous last resort (process 'exit' handler): kill the whole group now. */
  kill(): void {
    this.stopping = true;
    this.signal('SIGKILL');
  }

  private signal(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // the group is already gone
    }
  }
}
