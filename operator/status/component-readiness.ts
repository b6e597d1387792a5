// Is a component up? Read from its workload's status, which the Deployment and Job controllers
// keep from the pods' readiness (the kubelet's report), never from the pods directly.
import type { V1Deployment, V1Job, V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { isTrue } from './conditions.js';

export interface Readiness {
  readonly ready: boolean;
  readonly message: string;
}

export function deploymentReadiness(deployment: V1Deployment | undefined, want: number): Readiness {
  if (!deployment) return { ready: false, message: 'not created yet' };
  // Ready pods serve whether or not the controller has observed the newest generation yet
  // (an annotation change bumps a Deployment's generation too), so only the count matters.
  const ready = deployment.status?.readyReplicas ?? 0;
  return { ready: ready >= want, message: `${ready}/${want} replicas ready` };
}

export interface StorageReadiness extends Readiness {
  readonly reason: string;
}

/** The run's claim: Bound, or why not (Pending names the usual causes and where the provisioner's events are). */
export function claimReadiness(claim: V1PersistentVolumeClaim | undefined, name: string, ownClaim: boolean): StorageReadiness {
  if (!ownClaim) return { ready: true, reason: 'ExistingClaim', message: `uses the existing claim ${name}` };
  if (!claim) return { ready: false, reason: 'NotCreated', message: `${name} not created yet` };
  const phase = claim.status?.phase;
  if (phase === 'Bound') return { ready: true, reason: 'Bound', message: `${name} is bound` };
  if (phase === 'Lost') return { ready: false, reason: 'Lost', message: `${name} lost its volume; its checkpoints are gone with it` };
  return { ready: false, reason: 'Pending', message: pendingMessage(claim, name) };
}

function pendingMessage(claim: V1PersistentVolumeClaim, name: string): string {
  const spec = claim.spec ?? {};
  const storageClass = spec.storageClassName ? `storage class "${spec.storageClassName}"` : 'default storage class';
  const mode = (spec.accessModes ?? []).join(', ');
  return `${name} is Pending: the ${storageClass} has not provisioned a ${mode} volume yet (a WaitForFirstConsumer class does so when the first pod is scheduled; a class that cannot offer ${mode} never does); kubectl describe pvc ${name} shows the provisioner's events`;
}

export function jobReadiness(job: V1Job | undefined, want: number): Readiness {
  if (!job) return { ready: false, message: 'not created yet' };
  // A pod that succeeded is done, not "not ready", in the moment before the Job says Complete.
  if (isTrue(job.status?.conditions, 'Complete') || (job.status?.succeeded ?? 0) >= want) return { ready: true, message: 'completed' };
  if (isTrue(job.status?.conditions, 'Failed')) return { ready: false, message: 'failed' };
  const ready = job.status?.ready ?? 0;
  return { ready: ready >= want, message: `${ready}/${want} pods ready` };
}
