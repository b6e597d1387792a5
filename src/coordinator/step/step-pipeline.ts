// Puts the steps' work in order for `training.maxPolicyLag` L. Two loops share the run:
// - inference grows one step's trees after another; the rollout of step j starts once step j-1-L
//   is finished and inference serves its weights (or newer), so the trainer, at version j-1 before
//   step j, is never more than L versions ahead of the policy that sampled a tree;
// - the trainer trains each rollout in order (after `beforeTrain` saved what the rollout decided),
//   exports the weights, saves a checkpoint when one is due, and records the step (state, logs)
//   before it trains the next.
// With L = 0 this is the on-policy loop: grow, train, export, load, checkpoint, record, then the
// next step. With L = 1 the trainer trains step j while inference grows step j+1.
// Weights are loaded only while no rollout can call Generate (a tree is grown by one policy):
// right after the export when inference is free (always so with L = 0), otherwise as soon as the
// running rollout's last Generate call has returned (its remaining executions need no model). An
// export made while a rollout generates is staged at once (inference reads it beside the served
// weights and keeps generating), so that the load between the rollouts only swaps it in.
// A stop (the signal) finishes the oldest step in flight and abandons the rollouts ahead of it;
// a failure abandons every rollout. Abandoned rollouts start no new calls, are awaited, and are
// never trained: a resumed run grows those steps again.
import { EventEmitter, once } from 'node:events';
import type { Problem } from '../../datasets/problem.js';
import type { TrainResult, WeightsDirectory } from '../clients/service-clients.js';
import type { CoordinatorMetrics } from './coordinator-metrics.js';
import type { RolloutInFlight, StepRunner } from './step-runner.js';
import type { Rollout, StepReport, StepSeconds } from './step-report.js';
import { lagCounts } from './step-stats.js';

export interface PipelineDeps {
  readonly runner: StepRunner;
  readonly metrics: CoordinatorMetrics;
  readonly maxPolicyLag: number;
  readonly now: () => number;
  readonly signal?: AbortSignal;
  readonly onRolloutStarted?: (step: number) => void;
}

export interface PipelineRun {
  readonly firstStep: number;
  readonly lastStep: number;
  /** The trainer's policy version before the first step; inference serves it. */
  readonly policyVersion: number;
  /** Where that version's weights were exported (none for the model's own weights). */
  readonly weights?: WeightsDirectory;
  readonly problemsOf: (step: number) => readonly Problem[];
  readonly checkpointAfter: (step: number) => boolean;
  /** Called with each rollout before it is sent to the trainer (`trainerVersion`: the trainer's version then). */
  readonly beforeTrain: (rollout: Rollout, trainerVersion: number) => Promise<void>;
  /** Records a finished step (state, logs, progress); done before the next step trains. */
  readonly finish: (report: StepReport) => Promise<void>;
}

interface Started {
  readonly rollout: RolloutInFlight;
  readonly controller: AbortController;
  readonly startedAt: number;
  /** Time inference waited for the trainer before this rollout (weight loads not counted). */
  readonly inferenceIdle: number;
}

class PipelineState {
  readonly changes = new EventEmitter();
  /** Steps whose rollout began (or null: it never will), by step. */
  readonly started = new Map<number, Started | null>();
  /** Last step the trainer finished. */
  finishedThrough: number;
  /** The step the trainer is on (waiting for its rollout or training it). */
  trainerStep: number;
  served: number;
  /** The export inference serves, when there is one (for reloading a replica that lost it). */
  servedWeights: WeightsDirectory | undefined;
  latest: WeightsDirectory | null = null;
  generating = false;
  /** Set when the trainer loop has ended: no step will finish any more. */
  closed = false;
  /** Set when the inference loop has ended, with its error if it failed. */
  producerDone = false;
  inferenceError: unknown = undefined;
  pendingLoads = 0;
  loads: Promise<void> = Promise.resolve();
  /** Staging calls in flight (never rejecting), awaited before the run returns. */
  readonly stagings = new Set<Promise<void>>();
  /** Weight-load time not yet reported in a step's sync time, and since inference became free. */
  loadSeconds = { unreported: 0, sinceFree: 0 };

  constructor(run: PipelineRun) {
    this.finishedThrough = run.firstStep - 1;
    this.trainerStep = run.firstStep;
    this.served = run.policyVersion;
    this.servedWeights = run.weights?.version === run.policyVersion ? run.weights : undefined;
  }

  changed(): void {
    this.changes.emit('change');
  }

  /** Resolves at the next change of anything above. */
  async next(): Promise<void> {
    await once(this.changes, 'change');
  }
}

export class StepPipeline {
  constructor(private readonly deps: PipelineDeps) {}

  /** Runs steps firstStep..lastStep (fewer when stopped); rejects with the first failure. */
  async run(run: PipelineRun): Promise<void> {
    const state = new PipelineState(run);
    const abandonAhead = () => {
      for (const [step, started] of state.started) if (step > state.trainerStep) started?.controller.abort(new Error('the run stopped'));
      state.changed();
    };
    this.deps.signal?.addEventListener('abort', abandonAhead);
    const inference = this.produce(run, state);
    try {
      await this.consume(run, state);
    } finally {
      this.deps.signal?.removeEventListener('abort', abandonAhead);
      state.closed = true;
      for (const started of state.started.values()) started?.controller.abort(new Error('the run ended'));
      state.changed();
      await inference;
      await Promise.allSettled([...state.started.values()].map((s) => s?.rollout.result));
      await Promise.all(state.stagings);
    }
  }

  private stopping(state: PipelineState): boolean {
    return state.closed || this.deps.signal?.aborted === true;
  }

  /** The inference loop: each rollout as soon as the lag allows it. Never rejects. */
  private async produce(run: PipelineRun, state: PipelineState): Promise<void> {
    let freeAt = this.deps.now();
    try {
      for (let step = run.firstStep; step <= run.lastStep; step++) {
        if (!(await this.awaitWeightsFor(step, run, state))) break;
        // Checked again right before the rollout starts: the trainer may have queued a load meanwhile.
        while (state.pendingLoads > 0) await state.loads;
        if (this.stopping(state)) break;
        const inferenceIdle = (this.deps.now() - freeAt) / 1000 - state.loadSeconds.sinceFree;
        const controller = new AbortController();
        const startedAt = this.deps.now();
        state.generating = true;
        const weights = state.servedWeights ? { weights: state.servedWeights } : {};
        const rollout = this.deps.runner.startRollout({ step, problems: run.problemsOf(step), policyVersion: state.served, ...weights, signal: controller.signal });
        rollout.result.catch(() => undefined); // the trainer loop takes it, or it was abandoned
        state.started.set(step, { rollout, controller, startedAt, inferenceIdle });
        state.changed();
        this.deps.onRolloutStarted?.(step);
        await rollout.generated;
        state.generating = false;
        state.loadSeconds.sinceFree = 0;
        freeAt = this.deps.now();
        state.changed();
      }
    } catch (error) {
      state.inferenceError = error;
    } finally {
      state.generating = false;
      state.producerDone = true;
      state.changed();
    }
  }

  /**
   * Waits until step `step` may be grown: step step-1-L finished and its weights (or newer) served,
   * no load in flight. False when the run stops first.
   */
  private async awaitWeightsFor(step: number, run: PipelineRun, state: PipelineState): Promise<boolean> {
    const { maxPolicyLag } = this.deps;
    while (!this.stopping(state) && state.finishedThrough < step - 1 - maxPolicyLag) await state.next();
    if (this.stopping(state)) return false;
    const needed = run.policyVersion + (step - run.firstStep) - maxPolicyLag;
    if (state.served < needed) await this.load(state, state.latest as WeightsDirectory);
    return true;
  }

  /** The trainer loop: train each rollout in order, export, load when free, checkpoint, record. */
  private async consume(run: PipelineRun, state: PipelineState): Promise<void> {
    const { runner, now } = this.deps;
    let version = run.policyVersion;
    let trainerFreeAt = now();
    let previousEnd: number | null = null;
    for (let step = run.firstStep; step <= run.lastStep; step++) {
      state.trainerStep = step;
      const started = await this.rolloutOf(step, state);
      if (started === null) return;
      const rollout = await started.rollout.result;
      await run.beforeTrain(rollout, version);
      const marks = [now()];
      const train = await runner.train(rollout, version, run.lastStep);
      marks.push(now());
      const weights = await runner.exportWeights();
      state.latest = weights;
      const exportSeconds = (now() - (marks[1] as number)) / 1000;
      if (!state.generating) await this.load(state, weights);
      else this.stage(state, weights);
      marks.push(now());
      const checkpoint = run.checkpointAfter(step) ? await runner.checkpoint() : null;
      const end = now();
      const [trainStart, trained, synced] = marks as [number, number, number];
      const sync = exportSeconds + state.loadSeconds.unreported;
      state.loadSeconds.unreported = 0;
      this.deps.metrics.phaseSeconds.observe({ phase: 'sync' }, sync);
      const report = this.report({ rollout, train, weights, checkpoint, trainerVersion: version }, {
        rollout: rollout.seconds.rollout,
        score: rollout.seconds.score,
        train: (trained - trainStart) / 1000,
        sync,
        checkpoint: (end - synced) / 1000,
        step: (end - (previousEnd ?? started.startedAt)) / 1000,
        idle: { inference: started.inferenceIdle, trainer: (trainStart - trainerFreeAt) / 1000 },
      });
      version = weights.version;
      previousEnd = end;
      await run.finish(report);
      trainerFreeAt = now();
      state.finishedThrough = step;
      state.changed();
      if (this.deps.signal?.aborted) return;
    }
  }

  /** The rollout of `step` once it began; null when it never will; the inference loop's error. */
  private async rolloutOf(step: number, state: PipelineState): Promise<Started | null> {
    while (!state.started.has(step)) {
      if (state.producerDone) {
        if (state.inferenceError !== undefined) throw state.inferenceError;
        return null;
      }
      await state.next();
    }
    return state.started.get(step) ?? null;
  }

  /** Starts staging `weights` in inference beside the rollout that generates; the trainer goes on. */
  private stage(state: PipelineState, weights: WeightsDirectory): void {
    const staging = this.deps.runner.stageWeights(weights).catch(() => undefined); // the load reads them then
    state.stagings.add(staging);
    void staging.then(() => state.stagings.delete(staging));
  }

  /** Queues a load of `weights` behind the loads in flight; skipped when inference serves them or newer. */
  private load(state: PipelineState, weights: WeightsDirectory): Promise<void> {
    state.pendingLoads++;
    const done = state.loads
      .then(async () => {
        if (weights.version <= state.served) return;
        const start = this.deps.now();
        await this.deps.runner.loadWeights(weights);
        const seconds = (this.deps.now() - start) / 1000;
        state.loadSeconds.unreported += seconds;
        state.loadSeconds.sinceFree += seconds;
        state.served = weights.version;
        state.servedWeights = weights;
      })
      .finally(() => {
        state.pendingLoads--;
        state.changed();
      });
    state.loads = done.catch(() => undefined);
    return done;
  }

  private report(
    done: { rollout: Rollout; train: TrainResult; weights: WeightsDirectory; checkpoint: WeightsDirectory | null; trainerVersion: number },
    seconds: StepSeconds,
  ): StepReport {
    const { rollout, train, weights, checkpoint, trainerVersion } = done;
    return {
      ...rollout,
      policyVersion: weights.version,
      trainerVersion,
      policyLag: lagCounts(rollout.samples, trainerVersion),
      train,
      weights,
      checkpoint,
      seconds,
      rolloutsPerSecond: rollout.counters.rollouts / Math.max(seconds.step, 1e-9),
    };
  }
}
