// Where a Job stands, read from the conditions the Job controller sets.
import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { findCondition, isTrue } from './conditions.js';
import { describeEnding, failedPodEnding } from './pod-termination.js';

export type JobState = 'absent' | 'running' | 'complete' | 'failed';

export function jobState(job: V1Job | undefined): JobState {
  if (!job) return 'absent';
  if (isTrue(job.status?.conditions, 'Complete')) return 'complete';
  if (isTrue(job.status?.conditions, 'Failed')) return 'failed';
  return 'running';
}

export const isFinished = (state: JobState): boolean => state === 'complete' || state === 'failed';

/**
 * "<job> failed (<reason>: <message>)", from the Job's Failed condition, and how its failed pod's
 * container ended when `pods` (the namespace's cached pods) hold it.
 */
export function describeFailure(job: V1Job, pods: readonly V1Pod[] = []): string {
  const failed = findCondition(job.status?.conditions, 'Failed');
  const ending = failedPodEnding(job, pods);
  return `${job.metadata?.name} failed (${failed?.reason ?? 'unknown reason'}${failed?.message ? `: ${failed.message}` : ''})${ending ? `; ${describeEnding(ending)}` : ''}`;
}
