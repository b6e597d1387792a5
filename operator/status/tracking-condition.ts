// Whether the trackers of spec.tracking can be reached, as the coordinator's progress report tells
// (it passes on what the tracking sidecar last wrote). A tracker that is down never stops training:
// the condition says so, and the sidecar sends what the tracker missed once it is back.
import type { TrackingStatus } from '../../src/k8s/progress.js';
import type { ConditionDraft } from './conditions.js';

export const TRACKING_CONDITION = 'TrackingDegraded';

export interface TrackingReport {
  /** spec.tracking.credentialsSecret, named in the message when a tracker cannot log. */
  readonly credentialsSecret: string | undefined;
  /** The last report's tracker states, undefined until the first. */
  readonly status: TrackingStatus | undefined;
}

export function trackingCondition({ credentialsSecret, status }: TrackingReport): ConditionDraft {
  const type = TRACKING_CONDITION;
  if (status === undefined) return { type, status: false, reason: 'NotReported', message: 'the tracking sidecar has not reported yet (the coordinator passes its state on after each step)' };
  const failing = Object.entries(status).filter(([, tracker]) => !tracker.ok);
  if (failing.length === 0) return { type, status: false, reason: 'Reachable', message: `${Object.keys(status).join(', ')}: logging` };
  const secret = credentialsSecret ? `the Secret ${credentialsSecret} (spec.tracking.credentialsSecret)` : 'spec.tracking.credentialsSecret';
  return {
    type,
    status: true,
    reason: 'TrackerUnreachable',
    message:
      failing.map(([name, tracker]) => `${name} cannot log after step ${tracker.step} (${tracker.error ?? 'no detail'})`).join('; ') +
      `. Training goes on; metrics.jsonl keeps every step and the tracker gets what it missed once it is back. Check spec.tracking and ${secret}.`,
  };
}
