// Objects the operator watches that are not a run's children but say why a child is not well:
// the trainer's and coordinator's pods (how their containers ended) and the Warning events of
// claims (why a volume is not provisioned). Each maps back to the run it concerns, so a change
// reconciles that run.
import type { CoreV1Event, KubernetesObject } from '@kubernetes/client-node';
import { COMPONENT_LABEL, MANAGED_SELECTOR, RUN_LABEL } from './names.js';
import type { ObjectStore } from './runtime/object-store.js';
import { controllingRun, type RunKey } from './owner.js';

export interface ObservedKind {
  readonly apiVersion: string;
  readonly kind: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** The run the object concerns, if any. */
  readonly runOf: (object: KubernetesObject, store: ObjectStore) => RunKey | undefined;
}

/** A pod's run, from the label every pod template of a run carries (its controller is a Job, not the run). */
function podRun(pod: KubernetesObject): RunKey | undefined {
  const { namespace, labels } = pod.metadata ?? {};
  const name = labels?.[RUN_LABEL];
  return namespace && name ? { namespace, name } : undefined;
}

/** An event's run: the run that controls the claim the event is about. */
function claimEventRun(event: KubernetesObject, store: ObjectStore): RunKey | undefined {
  const { namespace, name } = (event as CoreV1Event).involvedObject ?? {};
  const claim = namespace && name ? store.get('v1', 'PersistentVolumeClaim', namespace, name) : undefined;
  return claim && controllingRun(claim);
}

export const CLAIM_WARNINGS = 'involvedObject.kind=PersistentVolumeClaim,type=Warning';

export const OBSERVED_KINDS: readonly ObservedKind[] = [
  { apiVersion: 'v1', kind: 'Pod', labelSelector: `${MANAGED_SELECTOR},${COMPONENT_LABEL} in (trainer,coordinator)`, runOf: podRun },
  { apiVersion: 'v1', kind: 'Event', fieldSelector: CLAIM_WARNINGS, runOf: claimEventRun },
];
