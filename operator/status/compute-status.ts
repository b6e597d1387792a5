// The whole status of a run from what the operator observed, as one pure function: same world,
// same status (timestamps included), so an operator that restarts writes nothing new.
import type { EvaluationStatus, MurphyRunStatus, Phase } from '../../src/api/murphyrun.js';
import { passRateSummary, type ParsedProgress } from '../../src/k8s/progress.js';
import type { Readiness, StorageReadiness } from './component-readiness.js';
import { toCondition, type ConditionDraft } from './conditions.js';
import { sandboxCondition, type SandboxReport } from './sandbox-condition.js';
import { trackingCondition, type TrackingReport } from './tracking-condition.js';

export const WORKLOADS = ['inference', 'executor', 'trainer', 'coordinator'] as const;
export type Workload = (typeof WORKLOADS)[number];

export interface StatusInputs {
  readonly generation: number | undefined;
  readonly previous: MurphyRunStatus | undefined;
  readonly maxSteps: number | undefined;
  readonly suspended: boolean;
  readonly components: Readonly<Record<Workload, Readiness>>;
  /** The checkpoint claim (StorageReady); none before the spec is read. */
  readonly storage?: StorageReadiness | undefined;
  /** The coordinator finished training. */
  readonly complete: boolean;
  /** spec.evaluation's state (undefined without spec.evaluation). */
  readonly evaluation?: EvaluationStatus | undefined;
  /** Training is complete but the final evaluation has not finished: the run is not done yet. */
  readonly evaluationPending?: boolean;
  /** Terminal failure: invalid spec, or the restart limit exceeded. */
  readonly failure?: { readonly reason: string; readonly message: string } | undefined;
  /** Set while a failed trainer/coordinator waits for its restart. */
  readonly restarting?: string | undefined;
  readonly restartCount: number;
  readonly progress?: ParsedProgress | undefined;
  /** The sandbox asked for and the one the executors report (undefined without a resolved spec). */
  readonly sandbox?: SandboxReport | undefined;
  /** Set when the spec has a tracking section. */
  readonly tracking?: TrackingReport | undefined;
  readonly now: Date;
}

const conditionType = (w: Workload): string => `${w[0]?.toUpperCase()}${w.slice(1)}Ready`;

function componentCondition(inputs: StatusInputs, workload: Workload): ConditionDraft {
  const type = conditionType(workload);
  if (inputs.failure || inputs.complete) return { type, status: false, reason: 'Finished', message: 'the run has finished' };
  if (inputs.suspended) return { type, status: false, reason: 'Suspended', message: 'scaled to zero while suspended' };
  if (inputs.restarting && (workload === 'trainer' || workload === 'coordinator')) {
    return { type, status: false, reason: 'Restarting', message: inputs.restarting };
  }
  const { ready, message } = inputs.components[workload];
  return { type, status: ready, reason: ready ? 'Ready' : 'NotReady', message };
}

function readyCondition(inputs: StatusInputs): ConditionDraft {
  const waiting = WORKLOADS.filter((w) => !inputs.components[w].ready).map((w) => `${w} (${inputs.components[w].message})`);
  const active = !inputs.failure && !inputs.complete && !inputs.suspended && !inputs.restarting;
  if (active && waiting.length === 0) return { type: 'Ready', status: true, reason: 'AllComponentsReady', message: 'every component is ready' };
  const reason = inputs.failure ? 'Failed' : inputs.complete ? 'Complete' : inputs.suspended ? 'Suspended' : 'ComponentsNotReady';
  return { type: 'Ready', status: false, reason, message: waiting.length > 0 && active ? `waiting for ${waiting.join(', ')}` : reason };
}

function storageCondition(inputs: StatusInputs): ConditionDraft[] {
  const storage = inputs.storage;
  return storage ? [{ type: 'StorageReady', status: storage.ready, reason: storage.reason, message: storage.message }] : [];
}

function lifecycleConditions(inputs: StatusInputs): ConditionDraft[] {
  const { failure, suspended, complete } = inputs;
  return [
    { type: 'Suspended', status: suspended, reason: suspended ? 'Suspended' : 'NotSuspended', message: suspended ? 'spec.suspend is true' : 'spec.suspend is false' },
    { type: 'Complete', status: complete, reason: complete ? 'TrainingComplete' : 'NotComplete', message: complete ? 'the coordinator finished training' : 'training has not finished' },
    { type: 'Failed', status: failure !== undefined, reason: failure?.reason ?? 'NotFailed', message: failure?.message ?? 'no failure' },
  ];
}

const PROGRESSION: readonly Phase[] = ['Pending', 'Initializing', 'Running'];

function progressionPhase(inputs: StatusInputs): Phase {
  if (inputs.complete) return 'Running';
  // Running once every component does its work, even if a replica is still missing (a node too
  // small for all of them, a replica being replaced): the conditions say which are not ready.
  const serving = WORKLOADS.filter((w) => inputs.components[w].serving).length;
  if (serving === WORKLOADS.length && !inputs.restarting) return 'Running';
  return serving > 0 ? 'Initializing' : 'Pending';
}

/**
 * The phase never steps back: a run that was Running stays Running while a component is replaced,
 * restarts or finishes (the conditions say which is not ready). Only a resume from Suspended starts
 * the progression again.
 */
export function phaseOf(inputs: StatusInputs): Phase {
  if (inputs.failure) return 'Failed';
  if (inputs.complete && !inputs.evaluationPending) return 'Succeeded';
  if (inputs.suspended) return 'Suspended';
  const now = progressionPhase(inputs);
  const before = PROGRESSION.indexOf(inputs.previous?.phase ?? 'Pending');
  return before > PROGRESSION.indexOf(now) ? (PROGRESSION[before] as Phase) : now;
}

/** Without a report (yet, or any more) the last known values stay. */
function progressFields(inputs: StatusInputs): Partial<MurphyRunStatus> {
  const latest: Partial<MurphyRunStatus> = { ...inputs.previous, ...(inputs.maxSteps === undefined ? {} : { totalSteps: inputs.maxSteps }), ...inputs.progress };
  const out: Partial<MurphyRunStatus> = {};
  if (latest.step !== undefined) out.step = latest.step;
  if (latest.totalSteps !== undefined) out.totalSteps = latest.totalSteps;
  if (latest.passRates && latest.passRates.length > 0) {
    out.passRates = latest.passRates;
    out.passRateSummary = passRateSummary(latest.passRates);
  }
  if (latest.lastCheckpoint) out.lastCheckpoint = latest.lastCheckpoint;
  return out;
}

export function computeStatus(inputs: StatusInputs): MurphyRunStatus {
  const drafts = [
    readyCondition(inputs),
    ...WORKLOADS.map((w) => componentCondition(inputs, w)),
    ...storageCondition(inputs),
    ...lifecycleConditions(inputs),
    ...(inputs.sandbox ? [sandboxCondition(inputs.sandbox, inputs.previous?.conditions)] : []),
    ...(inputs.tracking ? [trackingCondition(inputs.tracking)] : []),
  ];
  return {
    phase: phaseOf(inputs),
    conditions: drafts.map((d) => toCondition(d, inputs.previous?.conditions, inputs.now, inputs.generation)),
    ...(inputs.generation === undefined ? {} : { observedGeneration: inputs.generation }),
    ...progressFields(inputs),
    restartCount: inputs.restartCount,
    ...(inputs.evaluation ? { evaluation: inputs.evaluation } : {}),
  };
}
