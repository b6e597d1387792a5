// One pool slot: a warm zygote process (see harness/zygote.py) and its line protocol.
// A slot runs one job at a time; when a run goes wrong (timeout, abort, dead runner) the slot is
// stopped and the pool starts a fresh one, so no state survives a bad run.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Job, Limits, TestResult } from './job.js';
import { parseRunnerResults } from './harness-result.js';
import type { ZygoteCommand } from './sandbox.js';

export interface ZygoteSettings {
  readonly uid: number | null;
  /** The judge's own user (root executors only), in the group of `uid`. */
  readonly judgeUid: number | null;
  /** Whether the run directory's filesystem is the slot's alone (bwrap's /tmp): its growth is the slot's. */
  readonly privateTmp: boolean;
  /** Which of the usable CPUs the slot is pinned to (its index, cycling over them). */
  readonly cpu: number;
  readonly runDir: string;
  readonly limits: Limits;
}

export type RunOutcome =
  | { readonly kind: 'results'; readonly results: TestResult[] }
  | { readonly kind: 'failed'; readonly reason: 'timeout' | 'aborted' | 'crashed'; readonly detail: string };

type Message = Record<string, unknown>;

/** What confines the slot's program processes, as its zygote reported it once ready. */
export interface Confinement {
  readonly seccomp: boolean;
  /** The Landlock ABI version in force, 0 where the kernel offers none. */
  readonly landlock: number;
  /** The CPU the slot is pinned to. */
  readonly cpu: number | null;
}

const STOP_GRACE_MS = 2_000;
const START_TIMEOUT_MS = 30_000;

export class Zygote {
  private buffer = '';
  private waiters: ((message: Message | null) => void)[] = [];
  private queue: (Message | null)[] = [];
  private stderrTail = '';
  readonly exited: Promise<void>;

  confinement: Confinement = { seccomp: false, landlock: 0, cpu: null };

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.onData(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderrTail = (this.stderrTail + chunk).slice(-4000)));
    void this.exited.then(() => this.push(null));
  }

  static async start(command: ZygoteCommand, settings: ZygoteSettings): Promise<Zygote> {
    const child = spawn(command.file, [...command.args, JSON.stringify({ ...settings, runDir: command.runDir })], {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      env: { ...command.env, PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' },
    });
    child.stdin?.on('error', () => undefined);
    const zygote = new Zygote(child);
    const ready = await zygote.next(START_TIMEOUT_MS);
    if (ready?.['ready'] !== true) {
      zygote.stop();
      throw new Error(`the sandboxed interpreter did not start: ${zygote.stderrTail.trim() || 'no output'}`);
    }
    zygote.confinement = { ...zygote.confinement, ...(ready['confinement'] as Partial<Confinement> | undefined) };
    return zygote;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Runs one job; resolves with the runner's results or why there are none. */
  async run(job: Job, timeoutMs: number, signal?: AbortSignal): Promise<RunOutcome> {
    if (!this.alive) return { kind: 'failed', reason: 'crashed', detail: 'the sandbox process is not running' };
    this.child.stdin?.write(`${JSON.stringify(job)}\n`);
    const deadline = Date.now() + timeoutMs;
    const first = await this.next(timeoutMs, signal);
    const results = first === null ? undefined : parseRunnerResults(first);
    const done = first === null ? null : await this.next(Math.max(deadline - Date.now(), 1), signal);
    if (signal?.aborted) return { kind: 'failed', reason: 'aborted', detail: 'the call was cancelled or its deadline passed' };
    if (results !== undefined && done?.['done'] === 0) return { kind: 'results', results };
    if (Date.now() >= deadline) return { kind: 'failed', reason: 'timeout', detail: `the run did not finish within ${timeoutMs} ms` };
    return { kind: 'failed', reason: 'crashed', detail: `the run's supervisor ended without results${this.stderrTail ? `: ${this.stderrTail.trim().slice(-300)}` : ''}` };
  }

  /** SIGTERM lets the zygote kill its run's processes; SIGKILL to the group follows if it lingers. */
  stop(): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined || !this.alive) return this.exited;
    signalGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), STOP_GRACE_MS);
    return this.exited.then(() => {
      clearTimeout(timer);
      signalGroup(pid, 'SIGKILL');
    });
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 1);
      this.push(parseLine(line));
    }
  }

  private push(message: Message | null): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(message);
    else this.queue.push(message);
  }

  private next(timeoutMs: number, signal?: AbortSignal): Promise<Message | null> {
    if (this.queue.length > 0) return Promise.resolve(this.queue.shift() ?? null);
    return new Promise((resolve) => {
      const finish = (message: Message | null): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(message);
      };
      const onAbort = (): void => {
        this.waiters = this.waiters.filter((w) => w !== finish);
        finish(null);
      };
      const timer = setTimeout(onAbort, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(finish);
    });
  }
}

function parseLine(line: string): Message {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null ? (value as Message) : {};
  } catch {
    return {};
  }
}

function signalGroup(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(-pid, name);
  } catch {
    // already gone
  }
}
