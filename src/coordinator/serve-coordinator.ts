// The coordinator as a process runs it: load the problems, serve /metrics and /healthz, connect to
// the services and wait until they are ready, run the remaining steps, and after every step leave a
// snapshot of the Prometheus metrics in the state directory (so finished runs keep them).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedMurphyRun } from '../api/load.js';
import { loadDataset, type SkipNotice } from '../datasets/load-dataset.js';
import { startMetricsServer, type MetricsServer } from '../metrics/http-server.js';
import { MetricsRegistry } from '../metrics/registry.js';
import type { CoordinatorListener, ProgressSink } from './coordinator.js';
import { createCoordinator, type Limits } from './create-coordinator.js';
import type { ExpandedNode } from './rollout/expanded-tree.js';
import { connectServices, type ServiceAddresses, type ServiceName } from './clients/grpc/connect.js';
import { waitForServices } from './clients/grpc/wait-for-services.js';
import type { RunState } from './persistence/run-state.js';
import { readTrackingStatus } from './persistence/tracking-status.js';

export const METRICS_SNAPSHOT = 'metrics.prom';

export interface ServeOptions {
  readonly run: ResolvedMurphyRun;
  /** Directory that relative dataset paths are resolved against (the run file's). */
  readonly baseDir: string;
  readonly addresses: ServiceAddresses;
  readonly stateDir: string;
  /** Port of /metrics and /healthz; none when undefined. */
  readonly metricsPort?: number;
  readonly readyTimeoutMs?: number;
  readonly limits?: Partial<Limits>;
  readonly progress?: ProgressSink;
  readonly listener?: CoordinatorListener;
  readonly onRollout?: (node: ExpandedNode) => void;
  readonly onWaiting?: (pending: readonly ServiceName[], elapsedMs: number) => void;
  readonly signal?: AbortSignal;
  /** Told how many problems spec.dataset.skipProblems left out. */
  readonly onSkipped?: SkipNotice;
}

export const DEFAULT_READY_TIMEOUT_MS = 30 * 60_000;

export async function serveCoordinator(options: ServeOptions): Promise<RunState> {
  const problems = await loadDataset(options.run.spec.dataset, options.baseDir, options.onSkipped);
  const metrics = new MetricsRegistry();
  let phase = 'waiting for services';
  const server: MetricsServer | null =
    options.metricsPort === undefined ? null : await startMetricsServer({ port: options.metricsPort, metrics, health: () => ({ healthy: true, detail: phase }) });
  const clients = connectServices(options.addresses);
  try {
    await waitForServices(clients, {
      timeoutMs: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
      ...(options.onWaiting ? { onWaiting: options.onWaiting } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    phase = 'training';
    const progress = withTrackingStatus(withExecutorSandbox(options.progress, await clients.executorSandbox()), options.run.spec.tracking ? options.stateDir : undefined);
    // Snapshots are chained so that a later one is never overwritten by an earlier one.
    let written: Promise<void> = Promise.resolve();
    const snapshot = () => (written = written.then(() => metrics.text()).then((text) => writeFile(join(options.stateDir, METRICS_SNAPSHOT), text)));
    const inner = options.listener;
    const listener: CoordinatorListener = {
      resumed: (state, note) => inner?.resumed?.(state, note),
      stepStarted: (step, total) => inner?.stepStarted?.(step, total),
      stepFinished: (report, state) => {
        inner?.stepFinished?.(report, state);
        void snapshot().catch(() => undefined);
      },
    };
    const coordinator = createCoordinator({
      spec: options.run.spec, problems, clients, stateDir: options.stateDir, metrics, listener,
      ...pick(options, ['limits', 'onRollout', 'signal']),
      ...(progress ? { progress } : {}),
    });
    const state = await coordinator.run();
    await snapshot();
    phase = 'finished';
    return state;
  } finally {
    clients.close();
    await server?.close();
  }
}

/** Every report also says which sandbox the executors run programs in (the operator shows it when it is weaker than asked). */
export function withExecutorSandbox(sink: ProgressSink | undefined, sandbox: string | undefined): ProgressSink | undefined {
  if (!sink || !sandbox) return sink;
  return { report: (progress) => sink.report({ ...progress, executorSandbox: sandbox }) };
}

/** With spec.tracking, every report also says which trackers can be reached (the follower's tracking/status.json in `runDir`). */
export function withTrackingStatus(sink: ProgressSink | undefined, runDir: string | undefined): ProgressSink | undefined {
  if (!sink || runDir === undefined) return sink;
  return {
    report: (progress) => {
      const tracking = readTrackingStatus(runDir);
      return sink.report(tracking ? { ...progress, tracking } : progress);
    },
  };
}

/** The options that are set, without undefined values (exactOptionalPropertyTypes). */
function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
