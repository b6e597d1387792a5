// Step 5: converge every child, component by component in dependency order, stopping at the first
// error (the run is requeued with backoff). A suspended or finished run keeps its config, storage
// and services and scales its workloads to zero (inference and executor only once the final
// evaluation, if any, has finished).
import { desiredComponents } from '../builders/index.js';
import { withOwner } from '../owner.js';
import { NO_EVALUATION } from './evaluation-plan.js';
import type { Step } from '../reconcile-context.js';

export const applyChildren: Step = {
  name: 'apply-children',
  async run(ctx, deps) {
    if (!ctx.resolved) return 'stop';
    const scaledDown = ctx.resolved.spec.suspend || ctx.failure !== undefined || ctx.trainingComplete === true;
    const plan = ctx.evaluation ?? NO_EVALUATION;
    const options = {
      images: deps.settings.images,
      executorRuntimeClass: deps.settings.executorRuntimeClass,
      defaultNamespace: ctx.namespace,
      scaledDown,
      attempt: ctx.restartCount,
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
