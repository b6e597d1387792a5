// Reads a run's children back from the API server, and computes the ones the operator should have
// made (the same builders `murphy render` uses).
import type { KubernetesObject } from '@kubernetes/client-node';
import { validateMurphyRun } from '../../../src/api/load.js';
import { collectionPath, resourceType } from '../../../src/k8s/resources.js';
import type { BuildOptions } from '../../../operator/builders/build-context.js';
import { desiredChildren } from '../../../operator/builders/index.js';
import { defaultImages } from '../../../operator/images.js';
import { CHILD_KINDS } from '../../../operator/watches.js';
import { RUN_LABEL } from '../../../operator/names.js';
import { withOwner } from '../../../operator/owner.js';
import type { KubeClient } from '../../../src/k8s/kube-client.js';
import type { RunObject } from './cluster.js';

export async function listChildren(client: KubeClient, namespace: string, run: string): Promise<KubernetesObject[]> {
  const lists = await Promise.all(
    CHILD_KINDS.map(async ([apiVersion, kind]) => {
      const path = collectionPath(resourceType(apiVersion, kind), namespace);
      const list = await client.request<{ items: KubernetesObject[] }>({ method: 'GET', path, query: { labelSelector: `${RUN_LABEL}=${run}` } });
      return list.items.map((item) => ({ ...item, apiVersion, kind }));
    }),
  );
  return lists.flat();
}

export function expectedChildren(run: RunObject, options: Omit<BuildOptions, 'images'> = {}): KubernetesObject[] {
  const { apiVersion, kind, metadata, spec } = run;
  const result = validateMurphyRun({ apiVersion, kind, metadata: { name: metadata?.name, namespace: metadata?.namespace }, spec });
  if (!result.ok || !result.runs[0]) throw new Error(`invalid test run: ${JSON.stringify(result)}`);
  return desiredChildren(result.runs[0], { images: defaultImages, ...options }).map((child) => withOwner(child, run));
}

export const childKey = (o: KubernetesObject): string => `${o.kind}/${o.metadata?.name}`;
