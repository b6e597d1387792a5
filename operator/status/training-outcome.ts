// Has the run finished training? Decided from the coordinator's own report of its last step (the
// progress ConfigMap), never from its Job alone: a coordinator that exited 0 before its last step
// (an older image, a bug) must not finish the run. A Job that completed without that report is
// given a short grace for the report's watch event to arrive (the caches of different kinds are
// not ordered), then counts as a coordinator that stopped early.
import type { V1Job } from '@kubernetes/client-node';
import { isFinalReport, type ParsedProgress } from '../../src/k8s/progress.js';
import { findCondition } from './conditions.js';

export const REPORT_GRACE_MS = 30_000;

export type TrainingOutcome =
  | { readonly kind: 'training' }
  | { readonly kind: 'finished' }
  /** The Job completed without the final report; `waitMs` left of the grace (0: it stopped early). */
  | { readonly kind: 'unreported'; readonly waitMs: number; readonly message: string };

export function trainingOutcome(coordinator: V1Job | undefined, progress: ParsedProgress | undefined, now: Date): TrainingOutcome {
  if (isFinalReport(progress)) return { kind: 'finished' };
  const complete = findCondition(coordinator?.status?.conditions, 'Complete');
  if (complete?.status !== 'True') return { kind: 'training' };
  const since = Date.parse(String(complete.lastTransitionTime ?? '')) || now.getTime();
  const at = progress ? `at step ${progress.step}${progress.totalSteps === undefined ? '' : ` of ${progress.totalSteps}`}` : 'before its first step';
  const message = `${coordinator?.metadata?.name} completed ${at} without reporting the run's last step`;
  return { kind: 'unreported', waitMs: Math.max(0, since + REPORT_GRACE_MS - now.getTime()), message };
}
