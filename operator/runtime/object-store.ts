// Read access to what the informers hold: the operator reconciles from its caches and reads
// nothing from the API server in the reconcile loop.
import type { KubernetesObject } from '@kubernetes/client-node';

export interface ObjectStore {
  get<T extends KubernetesObject>(apiVersion: string, kind: string, namespace: string, name: string): T | undefined;
  /** Every cached object of a kind in a namespace. */
  list<T extends KubernetesObject>(apiVersion: string, kind: string, namespace: string): readonly T[];
}

export const objectKey = (o: KubernetesObject): string => `${o.apiVersion}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
