// Step 5: converge every child, component by component in dependency order, stopping at the first
// error (the run is requeued with backoff). A suspended or finished run keeps its config, storage
// and services and scales its workloads to zero (inference and executor only once the final
// evaluation, if any, has finished).
import type { V1Job } from '@kubernetes/client-node';
import type { RestartableJob } from '../builders/build-context.js';
import { desiredComponents } from '../builders/index.js';
import { jobAttempt } from '../builders/job-parts.js';
import { AUTO, offeredIn, resolveRuntimeClass } from '../executor-runtime-class.js';
import { childNames } from '../names.js';
import { objectKey } from '../runtime/object-store.js';
import { withOwner } from '../owner.js';
import type { ReconcileContext, ReconcileDeps, Step } from '../reconcile-context.js';
import { NO_EVALUATION } from './evaluation-plan.js';

/**
 * Each Job that stays keeps the attempt it was made for, so that a restart of the other one (the
 * component that failed) leaves its template, and so the Job, untouched; a Job that is missing is
 * made for the current attempt.
 */
function standingAttempts(ctx: ReconcileContext, deps: ReconcileDeps): Partial<Record<RestartableJob, number>> {
  const names = childNames(ctx.run.metadata?.name ?? '');
  const attempts: Partial<Record<RestartableJob, number>> = {};
  for (const component of ['trainer', 'coordinator'] as const) {
    const job = deps.store.get<V1Job>('batch/v1', 'Job', ctx.namespace, names[component]);
    if (job && !ctx.deleted.has(objectKey(job))) attempts[component] = jobAttempt(job);
  }
  return attempts;
}

export const applyChildren: Step = {
  name: 'apply-children',
  async run(ctx, deps) {
    if (!ctx.resolved) return 'stop';
    const scaledDown = ctx.resolved.spec.suspend || ctx.failure !== undefined || ctx.trainingComplete === true;
    const plan = ctx.evaluation ?? NO_EVALUATION;
    const options = {
      images: deps.settings.images,
      executorRuntimeClass: resolveRuntimeClass(deps.settings.executorRuntimeClass ?? AUTO, offeredIn(deps.store)),
      defaultNamespace: ctx.namespace,
      scaledDown,
      attempt: ctx.restartCount,
      attempts: standingAttempts(ctx, deps),
      keepServices: plan.evaluatingFinal,
      holdCoordinator: plan.holdCoordinator,
      coordinatorDone: ctx.trainingComplete === true,
      evaluationJobs: plan.jobs,
    };
    for (const { objects } of desiredComponents(ctx.resolved, options)) {
      for (const object of objects) await deps.writer.ensure(withOwner(object, ctx.run), ctx.deleted);
    }
    return 'continue';
  },
};
