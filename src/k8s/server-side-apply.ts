// Server-side apply (PATCH application/apply-patch+yaml; JSON is valid YAML). One field manager per
// program means the API server tracks which fields murphy owns and merges everyone else's.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubeClient } from './kube-client.js';
import { objectPath } from './resources.js';

export const APPLY_PATCH = 'application/apply-patch+yaml';

export interface ApplyOptions {
  readonly fieldManager: string;
  /** Take ownership of fields another manager set (controllers should; people usually not). */
  readonly force?: boolean;
  /** e.g. "status": apply to the status subresource. */
  readonly subresource?: string;
}

export function serverSideApply<T extends KubernetesObject>(client: KubeClient, object: T, options: ApplyOptions): Promise<T> {
  return client.request<T>({
    method: 'PATCH',
    path: objectPath(object, options.subresource),
    query: { fieldManager: options.fieldManager, force: options.force ? 'true' : undefined },
    body: object,
    contentType: APPLY_PATCH,
  });
}

export function deleteObject(client: KubeClient, object: KubernetesObject, propagationPolicy: 'Background' | 'Foreground' = 'Background'): Promise<unknown> {
  return client.request({ method: 'DELETE', path: objectPath(object), body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy } });
}
