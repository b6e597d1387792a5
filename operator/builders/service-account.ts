// A ServiceAccount for one of the run's Jobs with the least privilege it needs: `get`/`patch` on
// exactly one ConfigMap the operator pre-created (a progress or report hand-off), nothing else.
import type { V1Role, V1RoleBinding, V1ServiceAccount } from '@kubernetes/client-node';
import type { Component } from '../names.js';
import type { BuildContext } from './build-context.js';
import { childMeta } from './object-meta.js';

export interface ConfigMapWriter {
  /** Name of the ServiceAccount, Role and RoleBinding. */
  readonly name: string;
  readonly component: Component;
  /** The one ConfigMap it may read and patch. */
  readonly configMap: string;
}

export function serviceAccountWithRole(ctx: BuildContext, writer: ConfigMapWriter): [V1ServiceAccount, V1Role, V1RoleBinding] {
  const { name, component, configMap } = writer;
  const meta = () => childMeta(ctx, name, component);
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta() },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta(),
      rules: [{ apiGroups: [''], resources: ['configmaps'], resourceNames: [configMap], verbs: ['get', 'patch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta(),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: ctx.namespace }],
    },
  ];
}
