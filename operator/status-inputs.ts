// Gathers what the status is computed from: the workloads' observed state, the claim and its
// provisioner's warnings, the coordinator's progress report and the evaluation reports, all from
// the informer caches.
import type { CoreV1Event, V1ConfigMap, V1Deployment, V1Job, V1PersistentVolumeClaim } from '@kubernetes/client-node';
import type { ResolvedSpec } from '../src/api/resolve.js';
import { parseProgress, PROGRESS_KEY, type ParsedProgress } from '../src/k8s/progress.js';
import { lookups, type Lookup } from './live-lookup.js';
import { childNames } from './names.js';
import type { ReconcileContext, ReconcileDeps } from './reconcile-context.js';
import { claimWarning } from './status/claim-warning.js';
import { claimReadiness, deploymentReadiness, jobReadiness } from './status/component-readiness.js';
import type { StatusInputs } from './status/compute-status.js';
import type { TrackingReport } from './status/tracking-condition.js';
import { evaluationStatus } from './status/evaluation-status.js';

function components(ctx: ReconcileContext, live: Lookup): StatusInputs['components'] {
  const names = childNames(ctx.run.metadata?.name ?? '');
  const spec = ctx.resolved?.spec;
  return {
    inference: deploymentReadiness(live<V1Deployment>('apps/v1', 'Deployment', names.inference), spec?.inference.replicas ?? 1),
    executor: deploymentReadiness(live<V1Deployment>('apps/v1', 'Deployment', names.executor), spec?.executor.replicas ?? 1),
    trainer: jobReadiness(live<V1Job>('batch/v1', 'Job', names.trainer), spec?.trainer.nodes ?? 1),
    coordinator: jobReadiness(live<V1Job>('batch/v1', 'Job', names.coordinator), 1),
  };
}

function evaluation(ctx: ReconcileContext, get: Lookup, live: Lookup): Pick<StatusInputs, 'evaluation' | 'evaluationPending'> {
  const spec = ctx.resolved?.spec.evaluation;
  if (!spec) return {};
  const names = childNames(ctx.run.metadata?.name ?? '');
  const base = live<V1Job>('batch/v1', 'Job', names.evalJob('base'));
  const final = live<V1Job>('batch/v1', 'Job', names.evalJob('final'));
  const status = evaluationStatus({
    baseModel: spec.baseModel,
    jobs: { ...(base ? { base } : {}), ...(final ? { final } : {}) },
    reports: get<V1ConfigMap>('v1', 'ConfigMap', names.evaluation)?.data,
    trainingComplete: ctx.trainingComplete === true,
  });
  return { evaluation: status, evaluationPending: ctx.evaluation ? !ctx.evaluation.finished : false };
}

/** A coordinator held for the base-model evaluation says so instead of "0/1 pods ready". */
function heldCoordinator(ctx: ReconcileContext, components: StatusInputs['components']): StatusInputs['components'] {
  if (!ctx.evaluation?.holdCoordinator) return components;
  return { ...components, coordinator: { ready: false, serving: false, message: 'waiting for the base-model evaluation' } };
}

function storage(ctx: ReconcileContext, deps: ReconcileDeps, get: Lookup): StatusInputs['storage'] {
  const spec = ctx.resolved?.spec.storage;
  if (!spec) return undefined;
  const own = childNames(ctx.run.metadata?.name ?? '').checkpoints;
  const name = spec.claimName ?? own;
  const claim = get<V1PersistentVolumeClaim>('v1', 'PersistentVolumeClaim', name);
  const warning = claim && claimWarning(claim, deps.store.list<CoreV1Event>('v1', 'Event', ctx.namespace));
  return claimReadiness(claim, name, spec.claimName === undefined, warning);
}

/** With spec.tracking: the trackers' state the coordinator last reported. */
function trackingReport(spec: ResolvedSpec | undefined, progress: ParsedProgress | undefined): TrackingReport | undefined {
  if (spec?.tracking === undefined) return undefined;
  return { credentialsSecret: spec.tracking.credentialsSecret, status: progress?.tracking };
}

export function statusInputs(ctx: ReconcileContext, deps: ReconcileDeps): StatusInputs {
  const names = childNames(ctx.run.metadata?.name ?? '');
  const { get, live } = lookups(ctx, deps);
  const spec = ctx.resolved?.spec;
  const progress = parseProgress(get<V1ConfigMap>('v1', 'ConfigMap', names.progress)?.data?.[PROGRESS_KEY]);
  return {
    generation: ctx.run.metadata?.generation,
    previous: ctx.run.status,
    maxSteps: spec?.training.maxSteps,
    suspended: spec?.suspend ?? false,
    components: heldCoordinator(ctx, components(ctx, live)),
    storage: storage(ctx, deps, get),
    complete: ctx.trainingComplete === true,
    ...evaluation(ctx, get, live),
    failure: ctx.failure,
    restarting: ctx.restarting,
    restartCount: ctx.restartCount,
    progress,
    sandbox: spec ? { asked: spec.executor.sandbox, inForce: progress?.executorSandbox } : undefined,
    tracking: trackingReport(spec, progress),
    now: ctx.now,
  };
}
