// The operator's caches: one resilient informer per watched kind and namespace (or one per kind
// across all namespaces, and always one for a cluster-scoped kind), exposed as an ObjectStore for
// the reconcile. Which kinds are watched, and what a change of each means, is the caller's
// (operator/watches.ts for MurphyRuns).
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { ResilientInformer } from '../../src/k8s/informer.js';
import type { KubeClient } from '../../src/k8s/kube-client.js';
import { resourceType } from '../../src/k8s/resources.js';
import type { ObjectStore } from './object-store.js';

/** One watched kind: which of its objects, and what to do when one changes. */
export interface Watch {
  readonly apiVersion: string;
  readonly kind: string;
  readonly labelSelector?: string | undefined;
  readonly fieldSelector?: string | undefined;
  /** Called on every change; `store` lets it look up related objects. */
  readonly onChange: (object: KubernetesObject, store: ObjectStore) => void;
}

export interface InformerStoreOptions {
  /** undefined: every namespace. */
  readonly namespaces: readonly string[] | undefined;
  readonly watches: readonly Watch[];
  readonly onError: (kind: string, error: unknown) => void;
}

export class InformerStore implements ObjectStore {
  private readonly informers = new Map<string, ResilientInformer<KubernetesObject>>();

  constructor(kc: KubeConfig, client: KubeClient, private readonly options: InformerStoreOptions) {
    for (const watch of options.watches) {
      const namespaces = resourceType(watch.apiVersion, watch.kind).clusterScoped ? [undefined] : (options.namespaces ?? [undefined]);
      for (const namespace of namespaces) this.add(kc, client, watch, namespace);
    }
  }

  private add(kc: KubeConfig, client: KubeClient, { apiVersion, kind, labelSelector, fieldSelector, onChange }: Watch, namespace: string | undefined): void {
    const type = resourceType(apiVersion, kind);
    const informer = new ResilientInformer<KubernetesObject>(kc, client, {
      type,
      ...(namespace === undefined ? {} : { namespace }),
      ...(labelSelector === undefined ? {} : { labelSelector }),
      ...(fieldSelector === undefined ? {} : { fieldSelector }),
      onChange: (object) => onChange(object, this),
      onError: (error) => this.options.onError(kind, error),
    });
    this.informers.set(this.key(apiVersion, kind, namespace), informer);
  }

  private key(apiVersion: string, kind: string, namespace: string | undefined): string {
    return `${apiVersion}/${kind}/${namespace ?? '*'}`;
  }

  /** A cluster-scoped kind's one informer whatever `namespace` says (its objects are looked up with namespace ''). */
  private informerFor(apiVersion: string, kind: string, namespace: string) {
    const perNamespace = this.options.namespaces && !resourceType(apiVersion, kind).clusterScoped;
    return this.informers.get(this.key(apiVersion, kind, perNamespace ? namespace : undefined));
  }

  async start(): Promise<void> {
    await Promise.all([...this.informers.values()].map((informer) => informer.start()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.informers.values()].map((informer) => informer.stop()));
  }

  get<T extends KubernetesObject>(apiVersion: string, kind: string, namespace: string, name: string): T | undefined {
    return this.informerFor(apiVersion, kind, namespace)?.get(name, namespace) as T | undefined;
  }

  list<T extends KubernetesObject>(apiVersion: string, kind: string, namespace: string): readonly T[] {
    return (this.informerFor(apiVersion, kind, namespace)?.list(namespace) ?? []) as readonly T[];
  }

  /** Every cached object of a kind, in all watched namespaces. */
  all(apiVersion: string, kind: string): KubernetesObject[] {
    return [...this.informers.entries()].filter(([key]) => key.startsWith(`${apiVersion}/${kind}/`)).flatMap(([, informer]) => [...informer.list()]);
  }
}
