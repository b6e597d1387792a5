// The API resources murphy reads and writes, and their REST paths. A fixed table instead of API
// discovery: the set is small and known, and it saves a round trip per kind.
import type { KubernetesObject } from '@kubernetes/client-node';

export interface ResourceType {
  readonly apiVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly clusterScoped?: boolean;
}

const table: readonly ResourceType[] = [
  { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps' },
  { apiVersion: 'v1', kind: 'Service', plural: 'services' },
  { apiVersion: 'v1', kind: 'ServiceAccount', plural: 'serviceaccounts' },
  { apiVersion: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims' },
  { apiVersion: 'v1', kind: 'Pod', plural: 'pods' },
  { apiVersion: 'v1', kind: 'Event', plural: 'events' },
  { apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', clusterScoped: true },
  { apiVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments' },
  { apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', plural: 'networkpolicies' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', plural: 'roles' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', plural: 'rolebindings' },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', plural: 'clusterroles', clusterScoped: true },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', clusterScoped: true },
  { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', clusterScoped: true },
  { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', plural: 'leases' },
  { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', plural: 'runtimeclasses', clusterScoped: true },
  { apiVersion: 'murphy.dev/v1alpha1', kind: 'MurphyRun', plural: 'murphyruns' },
];

export function resourceType(apiVersion: string, kind: string): ResourceType {
  const found = table.find((t) => t.apiVersion === apiVersion && t.kind === kind);
  if (!found) throw new Error(`unknown resource ${apiVersion} ${kind}: add it to src/k8s/resources.ts`);
  return found;
}

/** The collection path of a kind, in one namespace or (namespace undefined) across all. */
export function collectionPath(type: ResourceType, namespace?: string): string {
  const base = type.apiVersion.includes('/') ? `/apis/${type.apiVersion}` : `/api/${type.apiVersion}`;
  return namespace === undefined || type.clusterScoped ? `${base}/${type.plural}` : `${base}/namespaces/${namespace}/${type.plural}`;
}

/** The path of one object (optionally a subresource such as "status"). */
export function objectPath(object: KubernetesObject, subresource?: string): string {
  const { apiVersion, kind, metadata } = object;
  if (!apiVersion || !kind || !metadata?.name) throw new Error('an object needs apiVersion, kind and metadata.name');
  const path = `${collectionPath(resourceType(apiVersion, kind), metadata.namespace)}/${metadata.name}`;
  return subresource ? `${path}/${subresource}` : path;
}

export const resourceTypes = table;
