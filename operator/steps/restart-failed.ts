// Step 3: a failed trainer or coordinator Job (or one that completed before the run's last
// step, see check-training) is restarted: only that Job is deleted and re-created with the next
// attempt number, and it resumes from the checkpoint volume. The other goes on: a coordinator
// that loses its trainer exits "interrupted" and its replacement resumes from the trainer's
// checkpoint (src/coordinator/persistence/resume-plan.ts); a trainer outlives its coordinator's restart.
// Restart n waits restartBackoff * 2^n after the failure; past the restart limit the run is
// Failed with the Job's reason, and its workloads scale to zero. The failure names the Job's
// reason and how its failed pod's container ended (status/pod-termination.ts).
import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { jobAttempt } from '../builders/job-parts.js';
import { childNames } from '../names.js';
import { objectKey } from '../runtime/object-store.js';
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

const conditionTime = (job: V1Job, type: string): number => Date.parse(String(findCondition(job.status?.conditions, type)?.lastTransitionTime ?? ''));

/** What failed and when: the Failed Jobs (both, if both failed: one restart), or one that completed without finishing the run. */
function failureOf(ctx: ReconcileContext, deps: ReconcileDeps, jobs: readonly V1Job[]): { jobs: V1Job[]; what: string; at: number } | undefined {
  const failed = jobs.filter((job) => findCondition(job.status?.conditions, 'Failed')?.status === 'True');
  const [first] = failed;
  const pods = deps.store.list<V1Pod>('v1', 'Pod', ctx.namespace);
  if (first) return { jobs: failed, what: failed.map((job) => describeFailure(job, pods)).join('; '), at: conditionTime(first, 'Failed') || ctx.now.getTime() };
  const stopped = ctx.stoppedEarly;
  const early = stopped && jobs.find((job) => job.metadata?.name === stopped.job);
  return stopped && early ? { jobs: [early], what: stopped.message, at: conditionTime(early, 'Complete') || ctx.now.getTime() } : undefined;
}

export const restartFailed: Step = {
  name: 'restart-failed',
  async run(ctx, deps) {
    const jobs = runJobs(ctx, deps);
    ctx.restartCount = Math.max(ctx.restartCount, ...jobs.map(jobAttempt));
    const failure = failureOf(ctx, deps, jobs);
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
    for (const job of failure.jobs) {
      await deps.writer.remove(job);
      ctx.deleted.add(objectKey(job));
    }
    ctx.restartCount += 1;
    ctx.events.push({ type: 'Warning', reason: 'Restarting', message: `${what}; restart ${ctx.restartCount} of ${restartLimit} from the last checkpoint` });
    return 'continue';
  },
};
