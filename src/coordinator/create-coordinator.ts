// Wires a Coordinator from a resolved spec and the three service clients: prompt templates,
// limiters, expander, step runner, state store and the JSONL logs in the state directory.
import { join } from 'node:path';
import type { MetricsRegistry } from '../metrics/registry.js';
import { algorithmConfigOf } from '../api/algorithm-config.js';
import type { ResolvedSpec } from '../api/resolve.js';
import { withOverrides } from '../algorithm/templates.js';
import type { Problem } from '../datasets/problem.js';
import type { ServiceClients } from './clients/service-clients.js';
import { Coordinator, type CoordinatorListener, type ProgressSink } from './coordinator.js';
import { CoordinatorMetrics } from './step/coordinator-metrics.js';
import type { ExpandedNode } from './rollout/expanded-tree.js';
import { JsonlFile } from './persistence/jsonl-file.js';
import { Limiter } from './rollout/limiter.js';
import { PendingStepFile } from './persistence/pending-step.js';
import { PublishedPolicy } from './persistence/published-policy.js';
import { StateStore } from './persistence/run-state.js';
import { StepRunner } from './step/step-runner.js';
import { TreeExpander, type ExpansionSettings } from './rollout/tree-expander.js';

export interface CoordinatorOptions {
  readonly spec: ResolvedSpec;
  readonly problems: readonly Problem[];
  readonly clients: ServiceClients;
  readonly stateDir: string;
  readonly metrics: MetricsRegistry;
  /** Calls in flight toward each service; defaults from the spec (see defaultLimits). */
  readonly limits?: Partial<Limits>;
  readonly treesPerStep?: number;
  readonly progress?: ProgressSink;
  readonly listener?: CoordinatorListener;
  readonly onRollout?: (node: ExpandedNode) => void;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}

export interface Limits {
  /** Generate calls (groups) in flight: enough for the inference engine to batch. */
  readonly generate: number;
  /** Execute calls in flight: a little above the executors' total concurrency, to keep them busy. */
  readonly execute: number;
}

export const STEP_LOG = 'metrics.jsonl';
export const TREE_LOG = 'trees.jsonl';
const DEFAULT_TREES_PER_STEP = 8;

export function defaultLimits(spec: ResolvedSpec): Limits {
  const executorSlots = (spec.executor.concurrency ?? 4) * spec.executor.replicas;
  return { generate: 64 * spec.inference.replicas, execute: 2 * executorSlots };
}

export function expansionSettings(spec: ResolvedSpec): ExpansionSettings {
  const { training, algorithm, executor } = spec;
  return {
    generations: algorithm.generations,
    maxReward: algorithm.maxReward,
    temperature: training.temperature,
    topP: training.topP,
    maxNewTokens: training.maxNewTokens,
    timeoutSeconds: executor.timeoutSeconds,
    seed: training.seed,
    templates: withOverrides(algorithm.prompts),
    feedbackTests: spec.dataset.feedbackTests,
  };
}

export function createCoordinator(options: CoordinatorOptions): Coordinator {
  const { spec, clients } = options;
  const now = options.now ?? (() => performance.now());
  const limits = { ...defaultLimits(spec), ...options.limits };
  const metrics = new CoordinatorMetrics(options.metrics);
  const inferenceLimiter = new Limiter(limits.generate);
  const executorLimiter = new Limiter(limits.execute);
  const settings = expansionSettings(spec);
  const published = new PublishedPolicy(options.stateDir);
  const runner = new StepRunner({
    clients,
    metrics,
    published,
    algorithm: algorithmConfigOf(spec),
    now,
    makeExpander: (rollout) => new TreeExpander(settings, { ...clients, inferenceLimiter, executorLimiter, ...rollout, now }),
    ...(options.onRollout ? { onRollout: options.onRollout } : {}),
  });
  return new Coordinator({
    spec,
    problems: options.problems,
    runner,
    clients,
    metrics,
    store: new StateStore(options.stateDir),
    published,
    stepLog: new JsonlFile(join(options.stateDir, STEP_LOG)),
    treeLog: new JsonlFile(join(options.stateDir, TREE_LOG)),
    pending: new PendingStepFile(options.stateDir),
    treesPerStep: options.treesPerStep ?? DEFAULT_TREES_PER_STEP,
    now,
    ...(options.progress ? { progress: options.progress } : {}),
    ...(options.listener ? { listener: options.listener } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
