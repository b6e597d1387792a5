// `murphy run` on one machine: start the executor, inference and trainer as child processes on
// loopback, run the coordinator in this process until the run's last step, and stop everything on
// the way out (finished, failed, or interrupted). A second run of the same file resumes.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { DEFAULT_READY_TIMEOUT_MS, serveCoordinator } from '../coordinator/serve-coordinator.js';
import { STATE_FILE, type RunState } from '../coordinator/persistence/run-state.js';
import { skipNoticeText } from '../datasets/load-dataset.js';
import { comparisonTable, textTable } from '../eval/format-table.js';
import { ChildService } from './child-service.js';
import { evaluateLocalRun, evaluationDue, readLocalReport, type LocalEvalLabel } from './evaluate-local-run.js';
import { freePorts } from './free-port.js';
import type { LoadedRun } from './load-run-file.js';
import { localCommands, type LocalPorts } from './local-services.js';
import { packageRoot } from './package-root.js';
import type { ProgressDisplay } from './progress-display.js';
import { RunLayout } from './run-layout.js';
import { scrapeTo } from './scrape-metrics.js';
import { trackerNames, trackingCommand, trackingPython, watchTracking } from './tracking-service.js';
import { unexpectedExit } from './unexpected-exit.js';

export interface LocalRunOptions {
  readonly runFile: LoadedRun;
  readonly runsDir: string;
  readonly display: ProgressDisplay;
  readonly env: NodeJS.ProcessEnv;
  /** Aborts the run at once (Ctrl-C): services are stopped, the current step is lost and redone on resume. */
  readonly interrupt: AbortSignal;
  readonly readyTimeoutMs?: number;
}

export class Interrupted extends Error {}

const STOP_GRACE_MS = 10_000;
const WAIT_NOTICE_MS = 20_000;
const EVAL_PROGRESS_MS = 10_000;
/** The tracking follower's last pass after the run (the final steps and evaluation) may take a while. */
const TRACKING_GRACE_MS = 60_000;
const TRACKING_STATUS_MS = 2_000;

/** Calls `notify` on the first wait and then at most once per `intervalMs` of waiting. */
function everyFew<P>(intervalMs: number, notify: (pending: P, elapsed: number) => void) {
  let next = 0;
  return (pending: P, elapsed: number) => {
    if (elapsed < next) return;
    next = elapsed + intervalMs;
    notify(pending, elapsed);
  };
}

function portsOf(ports: number[]): LocalPorts & { coordinator: number } {
  const [a, b, c, d, e, f, g] = ports as [number, number, number, number, number, number, number];
  return { executor: { grpc: a, metrics: b }, inference: { grpc: c, metrics: d }, trainer: { grpc: e, metrics: f }, coordinator: g };
}

function interrupted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fire = () => reject(new Interrupted('interrupted'));
    if (signal.aborted) fire();
    else signal.addEventListener('abort', fire, { once: true });
  });
}

export async function runLocal(options: LocalRunOptions): Promise<RunState> {
  const { run, baseDir } = options.runFile;
  const { display } = options;
  const layout = new RunLayout(options.runsDir, run.metadata.name);
  await layout.create();
  // The resolved run (every default filled in, importanceSampling's included) is what the trainer reads.
  const resolvedFile = join(layout.dir, 'run.yaml');
  await writeFile(resolvedFile, stringify(run));
  const ports = portsOf(await freePorts(7));
  const commands = localCommands({ spec: run.spec, runFile: resolvedFile, layout, ports, root: packageRoot(), env: options.env });
  const { tracking } = run.spec;
  const trackingChild = tracking && new ChildService(trackingCommand(layout, packageRoot(), trackingPython(options.env), options.env));
  const children = commands.map((command) => new ChildService(command));
  // The tracking follower is not among `children`: its exit never ends the run.
  const killAll = () => [...children, ...(trackingChild ? [trackingChild] : [])].forEach((child) => child.kill());
  process.on('exit', killAll);
  display.message(`${run.metadata.name}: started ${children.map((c) => `${c.spec.name} (pid ${c.pid})`).join(', ')}; logs in ${layout.logs}`);
  display.message(`${run.metadata.name}: coordinator metrics on http://127.0.0.1:${ports.coordinator}/metrics`);
  if (tracking && trackingChild) display.message(`${run.metadata.name}: logging to ${trackerNames(tracking).join(', ')} (tracking, pid ${trackingChild.pid}; log in ${layout.log('tracking')})`);
  const stopWatching = trackingChild ? watchTracking(layout, TRACKING_STATUS_MS, (line) => display.message(line)) : () => undefined;
  const address = (port: number) => `127.0.0.1:${port}`;
  const addresses = { executor: address(ports.executor.grpc), inference: address(ports.inference.grpc), trainer: address(ports.trainer.grpc) };
  const readyTimeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const evaluateModel = async (label: LocalEvalLabel) => {
    // everyFew on the clock: at most one progress line per EVAL_PROGRESS_MS.
    const progress = everyFew<number>(EVAL_PROGRESS_MS, (done) => display.message(`evaluation (${label}): ${done} problem runs done`));
    display.message(`${run.metadata.name}: evaluating the ${label === 'base' ? 'base model' : 'final policy'} (spec.evaluation)`);
    const report = await evaluateLocalRun({ runFile: options.runFile, runDir: layout.dir, label, addresses, readyTimeoutMs, onProgress: (done) => progress(done, Date.now()) });
    display.message(`evaluation (${label}, ${report.model}):\n${textTable(report).trimEnd()}`);
    const base = label === 'final' ? readLocalReport(layout.dir, 'base') : undefined;
    if (base) display.message(`evaluation, ${base.model} before training and ${report.model} after:\n${comparisonTable(base, report).trimEnd()}`);
  };
  // The order of a cluster run (docs/operator.md, "Evaluation"): the base model before any step
  // (a run that has trained gets none), training, then the final policy while inference serves it.
  const work = async (): Promise<RunState> => {
    if (!existsSync(join(layout.dir, STATE_FILE)) && evaluationDue(options.runFile, layout.dir, 'base')) await evaluateModel('base');
    const state = await serveCoordinator({
      run, baseDir, stateDir: layout.dir, metricsPort: ports.coordinator, addresses,
      listener: display, onRollout: () => display.rollout(), onSkipped: (notice) => display.message(skipNoticeText(notice)),
      onWaiting: everyFew<readonly string[]>(WAIT_NOTICE_MS, (pending, elapsed) => display.message(`waiting for ${pending.join(', ')} to start (${Math.round(elapsed / 1000)} s)`)),
      readyTimeoutMs,
    });
    if (state.step >= state.totalSteps && evaluationDue(options.runFile, layout.dir, 'final')) await evaluateModel('final');
    return state;
  };
  const serving = work();
  serving.catch(() => undefined); // when an interrupt or a crash wins the race below
  try {
    return await Promise.race([serving, unexpectedExit(children, layout.logs), interrupted(options.interrupt)]);
  } finally {
    await Promise.all(['executor', 'inference', 'trainer'].map((name) =>
      scrapeTo(`http://127.0.0.1:${ports[name as keyof LocalPorts].metrics}/metrics`, join(layout.logs, `${name}.prom`)),
    ));
    await Promise.all(children.map((child) => child.stop(STOP_GRACE_MS)));
    // Stopped last: on SIGTERM it sends what the run wrote last (final steps, final evaluation).
    await trackingChild?.stop(TRACKING_GRACE_MS);
    stopWatching();
    process.off('exit', killAll);
  }
}
