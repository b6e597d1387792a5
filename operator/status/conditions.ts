// Conditions as a map keyed by type (the CRD declares the list a map on `type`): setting one keeps
// its lastTransitionTime unless its status actually changed, so re-computing the same world never
// rewrites the status.
import type { Condition } from '../../src/api/murphyrun.js';
import { rfc3339 } from '../runtime/kube-time.js';

export interface ConditionDraft {
  readonly type: string;
  readonly status: boolean;
  readonly reason: string;
  readonly message: string;
}

export function toCondition(draft: ConditionDraft, previous: readonly Condition[] | undefined, now: Date, generation: number | undefined): Condition {
  const status = draft.status ? 'True' : 'False';
  const before = previous?.find((c) => c.type === draft.type);
  const lastTransitionTime = before && before.status === status ? before.lastTransitionTime : rfc3339(now);
  return {
    type: draft.type,
    status,
    reason: draft.reason,
    message: draft.message,
    lastTransitionTime,
    ...(generation === undefined ? {} : { observedGeneration: generation }),
  };
}

interface ConditionLike {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string | Date;
}

export function findCondition(conditions: readonly ConditionLike[] | undefined, type: string): ConditionLike | undefined {
  return conditions?.find((c) => c.type === type);
}

export function isTrue(conditions: readonly ConditionLike[] | undefined, type: string): boolean {
  return findCondition(conditions, type)?.status === 'True';
}
