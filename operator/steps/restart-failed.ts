// Step 3: a failed trainer or coordinator Job (or one that completed before the run's last
// step, see check-training) restarts the run from its last checkpoint: both Jobs
// are deleted and re-created with the next attempt number (the trainer and coordinator resume
// from the checkpoint volume). Restart n waits restartBackoff * 2^n after the failure; past the
// restart limit the run is Failed with the Job's reason, and its workloads scale to zero.
import type { V1Job } from '@kubernetes/client-node';
import { ATTEMPT } from '../builders/job-parts.js';
import { childNames } from '../names.js';
import { objectKey } from '../object-store.js';
import type { ReconcileContext, ReconcileDeps, Step } from '../reconcile-context.js';
import { findCondition } from '../status/conditions.js';
import { describeFailure } from '../status/job-state.js';

const MAX_BACKOFF_MS = 5 * 60_000;

function runJobs(ctx: ReconcileContext, deps: ReconcileDeps): V1Job[] {
  const names = childNames(ctx.run.metadata?.name ?? '');
  return [names.trainer, names.coordinator]
    .map((name) => deps.store.get<V1Job>('batch/v1', 'Job', ctx.namespace, name))
    .filter((job): job is V1Job => job !== undefined);
}

const attemptOf = (job: V1Job): number => Number(job.metadata?.annotations?.[ATTEMPT] ?? 0) || 0;

const conditionTime = (job: V1Job, type: string): number => Date.parse(String(findCondition(job.status?.conditions, type)?.lastTransitionTime ?? ''));

/** What failed and when: a Failed Job, or a coordinator that completed without finishing the run. */
function failureOf(ctx: ReconcileContext, jobs: readonly V1Job[]): { what: string; at: number } | undefined {
  const failed = jobs.find((job) => findCondition(job.status?.conditions, 'Failed')?.status === 'True');
  if (failed) return { what: describeFailure(failed), at: conditionTime(failed, 'Failed') || ctx.now.getTime() };
  const stopped = ctx.stoppedEarly;
  const early = stopped && jobs.find((job) => job.metadata?.name === stopped.job);
  return stopped && early ? { what: stopped.message, at: conditionTime(early, 'Complete') || ctx.now.getTime() } : undefined;
}

export const restartFailed: Step = {
  name: 'restart-failed',
  async run(ctx, deps) {
    const jobs = runJobs(ctx, deps);
    ctx.restartCount = Math.max(ctx.restartCount, ...jobs.map(attemptOf));
    const failure = failureOf(ctx, jobs);
    if (!failure) return 'continue';
    const { what } = failure;
    const { restartLimit, restartBackoffMs } = deps.settings;
    if (ctx.restartCount >= restartLimit) {
      ctx.failure = { reason: 'RestartLimitExceeded', message: `${what}; gave up after ${ctx.restartCount} restarts (limit ${restartLimit})` };
      return 'continue';
    }
    const wait = failure.at + Math.min(MAX_BACKOFF_MS, restartBackoffMs * 2 ** ctx.restartCount) - ctx.now.getTime();
    if (wait > 0) {
      ctx.restarting = `${what}; restarting from the last checkpoint in ${Math.ceil(wait / 1000)} s`;
      ctx.requeueAfterMs = wait;
      return 'continue';
    }
    for (const job of jobs) {
      await deps.writer.remove(job);
      ctx.deleted.add(objectKey(job));
    }
    ctx.restartCount += 1;
    ctx.events.push({ type: 'Warning', reason: 'Restarting', message: `${what}; restart ${ctx.restartCount} of ${restartLimit} from the last checkpoint` });
    return 'continue';
  },
};
