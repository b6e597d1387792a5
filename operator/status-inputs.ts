// Gathers what the status is computed from: the workloads' observed state and the coordinator's
// progress report, all from the informer caches.
import type { V1ConfigMap, V1Deployment, V1Job } from '@kubernetes/client-node';
import { parseProgress, PROGRESS_KEY } from '../src/k8s/progress.js';
import { childNames } from './names.js';
import type { ReconcileContext, ReconcileDeps } from './reconcile-context.js';
import { deploymentReadiness, jobReadiness } from './status/component-readiness.js';
import { isTrue } from './status/conditions.js';
import type { StatusInputs } from './status/compute-status.js';

type Lookup = <T>(apiVersion: string, kind: string, name: string) => T | undefined;

function lookups(ctx: ReconcileContext, deps: ReconcileDeps): { get: Lookup; live: Lookup } {
  const get: Lookup = <T>(apiVersion: string, kind: string, name: string) => deps.store.get(apiVersion, kind, ctx.namespace, name) as T | undefined;
  // Objects deleted in this reconcile are gone, whatever the cache still says.
  const live: Lookup = <T>(apiVersion: string, kind: string, name: string) =>
    ctx.deleted.has(`${apiVersion}/${kind}/${ctx.namespace}/${name}`) ? undefined : get<T>(apiVersion, kind, name);
  return { get, live };
}

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

export function statusInputs(ctx: ReconcileContext, deps: ReconcileDeps): StatusInputs {
  const names = childNames(ctx.run.metadata?.name ?? '');
  const { get, live } = lookups(ctx, deps);
  const spec = ctx.resolved?.spec;
  const progress = get<V1ConfigMap>('v1', 'ConfigMap', names.progress)?.data?.[PROGRESS_KEY];
  return {
    generation: ctx.run.metadata?.generation,
    previous: ctx.run.status,
    maxSteps: spec?.training.maxSteps,
    suspended: spec?.suspend ?? false,
    components: components(ctx, live),
    complete: isTrue(live<V1Job>('batch/v1', 'Job', names.coordinator)?.status?.conditions, 'Complete'),
    failure: ctx.failure,
    restarting: ctx.restarting,
    restartCount: ctx.restartCount,
    progress: parseProgress(progress),
    now: ctx.now,
  };
}
