// Step 4: decide which evaluation Jobs run now, whether the coordinator waits for the base-model
// evaluation, and whether inference and executor must stay up for the final one (see
// evaluation-plan.ts). Observes the Jobs and Deployments through the caches.
import type { V1Deployment, V1Job } from '@kubernetes/client-node';
import type { ResolvedMurphyRun } from '../../src/api/load.js';
import { lookups } from '../live-lookup.js';
import { childNames } from '../names.js';
import type { ReconcileContext, ReconcileDeps, Step } from '../reconcile-context.js';
import { deploymentReadiness } from '../status/component-readiness.js';
import { jobState } from '../status/job-state.js';
import { planEvaluation, type EvaluationFacts } from './evaluation-plan.js';

/** The coordinator ran, reported a step, or the run restarted. */
function trainingStarted(ctx: ReconcileContext, coordinator: V1Job | undefined): boolean {
  return coordinator?.status?.startTime !== undefined || (ctx.run.status?.step ?? 0) > 0 || ctx.restartCount > 0;
}

function facts(ctx: ReconcileContext, deps: ReconcileDeps, spec: ResolvedMurphyRun['spec']): EvaluationFacts {
  const names = childNames(ctx.run.metadata?.name ?? '');
  const { live } = lookups(ctx, deps);
  const job = (name: string) => live<V1Job>('batch/v1', 'Job', name);
  const ready = (name: string, replicas: number) => deploymentReadiness(live<V1Deployment>('apps/v1', 'Deployment', name), replicas).ready;
  const coordinator = job(names.coordinator);
  return {
    requested: spec.evaluation !== undefined,
    baseModel: spec.evaluation?.baseModel ?? false,
    servicesReady: ready(names.inference, spec.inference.replicas) && ready(names.executor, spec.executor.replicas),
    trainingStarted: trainingStarted(ctx, coordinator),
    trainingComplete: ctx.trainingComplete === true,
    stopped: spec.suspend || ctx.failure !== undefined,
    base: jobState(job(names.evalJob('base'))),
    final: jobState(job(names.evalJob('final'))),
  };
}

export const planEvaluationStep: Step = {
  name: 'plan-evaluation',
  run(ctx, deps) {
    if (ctx.resolved) ctx.evaluation = planEvaluation(facts(ctx, deps, ctx.resolved.spec));
    return Promise.resolve('continue');
  },
};
