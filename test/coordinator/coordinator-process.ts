// A real `murphy coordinator` process (dist/'s CLI) against services listening on loopback, with
// its stderr lines and exit code recorded, for tests that signal it as a kubelet would.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CoordinatorProcess {
  readonly child: ChildProcess;
  readonly lines: string[];
  /** Resolves with the exit code and the time (ms since epoch) the process exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Resolves with the time a stderr line matching `pattern` appeared. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<number>;
}

/** Kills a test's coordinator process (if it still runs) and its services. */
export async function stopAll(running: CoordinatorProcess | null, services: { stop(): Promise<void> } | null): Promise<void> {
  running?.child.kill('SIGKILL');
  await running?.exited;
  await services?.stop();
}

export function runFile(spec: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'murphy-coordinator-run-'));
  const file = join(dir, 'run.yaml');
  writeFileSync(file, `apiVersion: murphy.dev/v1alpha1\nkind: MurphyRun\nmetadata: {name: exit-test}\nspec:\n  model: {name: scripted}\n  dataset: {source: builtin:mini}\n${spec}`);
  return file;
}

export interface ProcessOptions {
  readonly args?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

export function startCoordinator(address: string, config: string, stateDir: string, options: ProcessOptions = {}): CoordinatorProcess {
  const extra = options.args ?? [];
  const env = options.env ?? process.env;
  const args = ['dist/src/cli/main.js', 'coordinator', '--config', config, '--inference', address, '--executor', address, '--trainer', address, '--state-dir', stateDir, '--metrics-port', '0', ...extra];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (at: number) => void }[] = [];
  let buffered = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const complete = buffered.split('\n');
    buffered = complete.pop() ?? '';
    for (const line of complete) {
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.pattern.test(line))) waiter.resolve(Date.now());
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const waitForLine = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<number>((resolve, reject) => {
      if (lines.some((l) => pattern.test(l))) return resolve(Date.now());
      const timer = setTimeout(() => reject(new Error(`no line ${pattern} within ${timeoutMs} ms; got:\n${lines.join('\n')}`)), timeoutMs);
      timer.unref();
      waiters.push({ pattern, resolve: (at) => (clearTimeout(timer), resolve(at)) });
      void exited.then(() => setTimeout(() => reject(new Error(`exited without a line ${pattern}; got:\n${lines.join('\n')}`)), 100));
    });
  return { child, lines, exited, waitForLine };
}
