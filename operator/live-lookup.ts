// Reads a run's children from the informer caches for one reconcile. `live` treats the objects
// deleted earlier in this reconcile as gone, whatever the cache still says.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { ReconcileContext, ReconcileDeps } from './reconcile-context.js';

export type Lookup = <T extends KubernetesObject>(apiVersion: string, kind: string, name: string) => T | undefined;

export function lookups(ctx: ReconcileContext, deps: ReconcileDeps): { get: Lookup; live: Lookup } {
  const get: Lookup = <T extends KubernetesObject>(apiVersion: string, kind: string, name: string) => deps.store.get<T>(apiVersion, kind, ctx.namespace, name);
  const live: Lookup = <T extends KubernetesObject>(apiVersion: string, kind: string, name: string) =>
    ctx.deleted.has(`${apiVersion}/${kind}/${ctx.namespace}/${name}`) ? undefined : get<T>(apiVersion, kind, name);
  return { get, live };
}
