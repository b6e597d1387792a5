// When each service call of a benchmark run began and ended, to show where a step's wall time goes:
// wraps the coordinator's service clients and records one interval per call (Generate per group,
// ExecuteBatch, Train, ExportWeights, StageWeights, LoadWeights), in milliseconds since the wrapper was made.
import type { ServiceClients } from '../src/coordinator/clients/service-clients.js';

export type CallKind = 'generate' | 'execute' | 'train' | 'export' | 'stage' | 'load';

export interface CallInterval {
  readonly kind: CallKind;
  readonly start: number;
  readonly end: number;
  /** The step of a Train call. */
  readonly step?: number;
}

/** A step's events in milliseconds since its rollout began (see ServiceTimeline.step). */
export interface StepTimeline {
  readonly step: number;
  readonly rolloutStart: number;
  /** The last Generate call of the rollout returned, and its last ExecuteBatch call. */
  readonly generated: number;
  readonly executed: number;
  readonly train: readonly [number, number];
  readonly export: readonly [number, number];
  /** The StageWeights call of this step's export (none when inference was free to load it at once). */
  readonly stage?: readonly [number, number];
  /** The LoadWeights call of this step's export (none when a later export was loaded instead). */
  readonly load?: readonly [number, number];
  /** The next step's rollout began (NaN for the last step). */
  readonly nextRollout: number;
}

export class ServiceTimeline {
  readonly calls: CallInterval[] = [];
  /** When each step's rollout began (CoordinatorListener.stepStarted). */
  readonly rolloutStarts = new Map<number, number>();
  private readonly origin = performance.now();

  rolloutStarted(step: number): void {
    this.rolloutStarts.set(step, this.now());
  }

  /**
   * Where the step's time went. Generate and ExecuteBatch calls belong to the last rollout that began
   * before them (a rollout's calls all begin before the next one starts); the step's export is the
   * first after its Train call, its stage and load the first calls that began after the export.
   */
  step(step: number): StepTimeline {
    const start = this.rolloutStarts.get(step) as number;
    const next = this.rolloutStarts.get(step + 1) ?? Infinity;
    const own = (kind: CallKind) => this.calls.filter((c) => c.kind === kind && c.start >= start && c.start < next);
    const lastEnd = (calls: CallInterval[]) => Math.max(...calls.map((c) => c.end));
    const train = this.calls.find((c) => c.kind === 'train' && c.step === step) as CallInterval;
    const exported = this.calls.find((c) => c.kind === 'export' && c.start >= train.end) as CallInterval;
    const nextExport = this.calls.find((c) => c.kind === 'export' && c.start >= exported.end)?.end ?? Infinity;
    const load = this.calls.find((c) => c.kind === 'load' && c.start >= exported.end && c.start < nextExport);
    const stage = this.calls.find((c) => c.kind === 'stage' && c.start >= exported.end && c.start < nextExport);
    const at = (t: number) => t - start;
    return {
      step,
      rolloutStart: start,
      generated: at(lastEnd(own('generate'))),
      executed: at(lastEnd(own('execute'))),
      train: [at(train.start), at(train.end)],
      export: [at(exported.start), at(exported.end)],
      ...(stage ? { stage: [at(stage.start), at(stage.end)] as const } : {}),
      ...(load ? { load: [at(load.start), at(load.end)] as const } : {}),
      nextRollout: Number.isFinite(next) ? at(next) : NaN,
    };
  }

  /** Milliseconds since the timeline began. */
  now(): number {
    return performance.now() - this.origin;
  }

  wrap(clients: ServiceClients): ServiceClients {
    const { inference, executor, trainer } = clients;
    return {
      inference: {
        generate: (request, onCompletion) => this.timed('generate', undefined, () => inference.generate(request, onCompletion)),
        loadWeights: (weights) => this.timed('load', undefined, () => inference.loadWeights(weights)),
        stageWeights: (weights) => this.timed('stage', undefined, () => inference.stageWeights(weights)),
      },
      executor: {
        execute: (request) => executor.execute(request),
        executeBatch: (request, onProgram) => this.timed('execute', undefined, () => executor.executeBatch(request, onProgram)),
      },
      trainer: {
        train: (request) => this.timed('train', request.step, () => trainer.train(request)),
        exportWeights: () => this.timed('export', undefined, () => trainer.exportWeights()),
        saveCheckpoint: () => trainer.saveCheckpoint(),
        policyVersion: () => trainer.policyVersion(),
      },
    };
  }

  private async timed<T>(kind: CallKind, step: number | undefined, call: () => Promise<T>): Promise<T> {
    const start = this.now();
    try {
      return await call();
    } finally {
      this.calls.push({ kind, start, end: this.now(), ...(step === undefined ? {} : { step }) });
    }
  }
}
