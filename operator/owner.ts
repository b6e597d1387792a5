// Ownership: every child carries a controller ownerReference to its MurphyRun, so the garbage
// collector deletes the children with the run, and child events map back to the run to reconcile.
import type { KubernetesObject, V1OwnerReference } from '@kubernetes/client-node';
import { API_GROUP, API_VERSION, KIND } from '../src/api/murphyrun.js';

export interface RunKey {
  readonly namespace: string;
  readonly name: string;
}

export const runKeyString = (key: RunKey): string => `${key.namespace}/${key.name}`;

export function parseRunKey(key: string): RunKey {
  const [namespace = '', name = ''] = key.split('/');
  return { namespace, name };
}

export function ownerReference(run: KubernetesObject): V1OwnerReference {
  return {
    apiVersion: `${API_GROUP}/${API_VERSION}`,
    kind: KIND,
    name: run.metadata?.name ?? '',
    uid: run.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function withOwner<T extends KubernetesObject>(child: T, run: KubernetesObject): T {
  return { ...child, metadata: { ...child.metadata, ownerReferences: [ownerReference(run)] } };
}

/** The run that controls an object, from its controller ownerReference. */
export function controllingRun(object: KubernetesObject): RunKey | undefined {
  const owner = object.metadata?.ownerReferences?.find((ref) => ref.controller && ref.kind === KIND && ref.apiVersion.startsWith(`${API_GROUP}/`));
  return owner && object.metadata?.namespace ? { namespace: object.metadata.namespace, name: owner.name } : undefined;
}
