// Is a component up? Read from its workload's status, which the Deployment and Job controllers
// keep from the pods' readiness (the kubelet's report), never from the pods directly.
import type { V1Deployment, V1Job, V1PersistentVolumeClaim } from '@kubernetes/client-node';
import type { ClaimWarning } from './claim-warning.js';
import { isTrue } from './conditions.js';

export interface Readiness {
  /** Every replica or pod is ready. */
  readonly ready: boolean;
  /** The component does its work: at least one replica serves (a Service balances over the ready ones). */
  readonly serving: boolean;
  readonly message: string;
}

export function deploymentReadiness(deployment: V1Deployment | undefined, want: number): Readiness {
  if (!deployment) return { ready: false, serving: false, message: 'not created yet' };
  // Ready pods serve whether or not the controller has observed the newest generation yet
  // (an annotation change bumps a Deployment's generation too), so only the count matters.
  const ready = deployment.status?.readyReplicas ?? 0;
  return { ready: ready >= want, serving: ready > 0, message: `${ready}/${want} replicas ready` };
}

export interface StorageReadiness extends Readiness {
  readonly reason: string;
}

/**
 * The run's claim: Bound, or why not: the provisioner's failure when it reported one (its event's
 * reason and message), else Pending with the usual causes and where the provisioner's events are.
 */
export function claimReadiness(claim: V1PersistentVolumeClaim | undefined, name: string, ownClaim: boolean, warning?: ClaimWarning): StorageReadiness {
  const readiness = (ready: boolean, reason: string, message: string): StorageReadiness => ({ ready, serving: ready, reason, message });
  if (!ownClaim) return readiness(true, 'ExistingClaim', `uses the existing claim ${name}`);
  if (!claim) return readiness(false, 'NotCreated', `${name} not created yet`);
  const phase = claim.status?.phase;
  if (phase === 'Bound') return readiness(true, 'Bound', `${name} is bound`);
  if (phase === 'Lost') return readiness(false, 'Lost', `${name} lost its volume; its checkpoints are gone with it`);
  if (warning) return readiness(false, warning.reason, `${name} is Pending: ${warning.message} (check spec.storage.storageClassName and that storage class; kubectl describe pvc ${name} shows every event)`);
  return readiness(false, 'Pending', pendingMessage(claim, name));
}

function pendingMessage(claim: V1PersistentVolumeClaim, name: string): string {
  const spec = claim.spec ?? {};
  const storageClass = spec.storageClassName ? `storage class "${spec.storageClassName}"` : 'default storage class';
  const mode = (spec.accessModes ?? []).join(', ');
  return `${name} is Pending: the ${storageClass} has not provisioned a ${mode} volume yet (a WaitForFirstConsumer class does so when the first pod is scheduled; a class that cannot offer ${mode} never does); kubectl describe pvc ${name} shows the provisioner's events`;
}

export function jobReadiness(job: V1Job | undefined, want: number): Readiness {
  if (!job) return { ready: false, serving: false, message: 'not created yet' };
  // A pod that succeeded is done, not "not ready", in the moment before the Job says Complete.
  if (isTrue(job.status?.conditions, 'Complete') || (job.status?.succeeded ?? 0) >= want) return { ready: true, serving: true, message: 'completed' };
  if (isTrue(job.status?.conditions, 'Failed')) return { ready: false, serving: false, message: 'failed' };
  const ready = job.status?.ready ?? 0;
  // Every rank takes part in each step: the trainer works only with all of them.
  return { ready: ready >= want, serving: ready >= want, message: `${ready}/${want} pods ready` };
}
