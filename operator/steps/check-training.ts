// Step 2: has training finished (see status/training-outcome.ts)? Every later step and the status
// read ctx.trainingComplete. A coordinator Job that completed without the final report is waited
// for briefly, then handed to restart-failed as a failed coordinator; so is a trainer Job that
// completed before the run finished (a stopped trainer exits "interrupted" and is replaced, so a
// trainer that ends with 0 before the run's last step has stopped on its own and must come back).
import type { V1ConfigMap, V1Job } from '@kubernetes/client-node';
import { parseProgress, PROGRESS_KEY } from '../../src/k8s/progress.js';
import { lookups } from '../live-lookup.js';
import { childNames } from '../names.js';
import type { Step } from '../reconcile-context.js';
import { isTrue } from '../status/conditions.js';
import { trainingOutcome } from '../status/training-outcome.js';

export const checkTraining: Step = {
  name: 'check-training',
  run(ctx, deps) {
    const names = childNames(ctx.run.metadata?.name ?? '');
    const { get, live } = lookups(ctx, deps);
    const progress = parseProgress(get<V1ConfigMap>('v1', 'ConfigMap', names.progress)?.data?.[PROGRESS_KEY]);
    const outcome = trainingOutcome(live<V1Job>('batch/v1', 'Job', names.coordinator), progress, ctx.now);
    ctx.trainingComplete = outcome.kind === 'finished';
    if (outcome.kind === 'unreported') {
      if (outcome.waitMs > 0) ctx.requeueAfterMs = Math.min(ctx.requeueAfterMs ?? Infinity, outcome.waitMs);
      else ctx.stoppedEarly = { job: names.coordinator, message: outcome.message };
    }
    const trainer = live<V1Job>('batch/v1', 'Job', names.trainer);
    if (!ctx.trainingComplete && isTrue(trainer?.status?.conditions, 'Complete')) {
      ctx.stoppedEarly = { job: names.trainer, message: `${names.trainer} completed before the run's last step (its pod was stopped)` };
    }
    return Promise.resolve('continue');
  },
};
