// Is a component up? Read from its workload's status, which the Deployment and Job controllers
// keep from the pods' readiness (the kubelet's report), never from the pods directly.
import type { V1Deployment, V1Job } from '@kubernetes/client-node';
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

export function jobReadiness(job: V1Job | undefined, want: number): Readiness {
  if (!job) return { ready: false, message: 'not created yet' };
  // A pod that succeeded is done, not "not ready", in the moment before the Job says Complete.
  if (isTrue(job.status?.conditions, 'Complete') || (job.status?.succeeded ?? 0) >= want) return { ready: true, message: 'completed' };
  if (isTrue(job.status?.conditions, 'Failed')) return { ready: false, message: 'failed' };
  const ready = job.status?.ready ?? 0;
  return { ready: ready >= want, message: `${ready}/${want} pods ready` };
}
