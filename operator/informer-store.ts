// The operator's caches: one resilient informer per watched kind and namespace (or one per kind
// across all namespaces) for the runs, their children and the objects observed about the children
// (observed-kinds.ts), exposed as an ObjectStore for the reconciler.
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { ResilientInformer } from '../src/k8s/informer.js';
import type { KubeClient } from '../src/k8s/kube-client.js';
import { resourceType, type ResourceType } from '../src/k8s/resources.js';
import { API_GROUP, API_VERSION, KIND } from '../src/api/murphyrun.js';
import { MANAGED_SELECTOR } from './names.js';
import type { ObjectStore } from './object-store.js';
import { OBSERVED_KINDS } from './observed-kinds.js';
import type { RunKey } from './owner.js';

/** Kinds of the children; the operator watches only the ones it labelled as managed. */
export const CHILD_KINDS: readonly (readonly [string, string])[] = [
  ['v1', 'ConfigMap'],
  ['v1', 'PersistentVolumeClaim'],
  ['v1', 'Service'],
  ['v1', 'ServiceAccount'],
  ['apps/v1', 'Deployment'],
  ['batch/v1', 'Job'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['rbac.authorization.k8s.io/v1', 'Role'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
];

export interface InformerStoreOptions {
  /** undefined: every namespace. */
  readonly namespaces: readonly string[] | undefined;
  readonly onRun: (run: KubernetesObject) => void;
  readonly onChild: (child: KubernetesObject) => void;
  /** A pod or event observed about the children of `run` changed. */
  readonly onObserved: (run: RunKey) => void;
  readonly onError: (kind: string, error: unknown) => void;
}

interface Watched {
  readonly namespace: string | undefined;
  readonly labelSelector: string | undefined;
  readonly fieldSelector?: string | undefined;
  readonly onChange: (object: KubernetesObject) => void;
}

export class InformerStore implements ObjectStore {
  private readonly informers = new Map<string, ResilientInformer<KubernetesObject>>();

  constructor(kc: KubeConfig, client: KubeClient, private readonly options: InformerStoreOptions) {
    const runType = resourceType(`${API_GROUP}/${API_VERSION}`, KIND);
    const add = (type: ResourceType, watch: Watched) => this.add(kc, client, type, watch);
    for (const namespace of options.namespaces ?? [undefined]) {
      add(runType, { namespace, labelSelector: undefined, onChange: options.onRun });
      for (const [apiVersion, kind] of CHILD_KINDS) add(resourceType(apiVersion, kind), { namespace, labelSelector: MANAGED_SELECTOR, onChange: options.onChild });
      for (const { apiVersion, kind, labelSelector, fieldSelector, runOf } of OBSERVED_KINDS) {
        const onChange = (object: KubernetesObject) => {
          const run = runOf(object, this);
          if (run) options.onObserved(run);
        };
        add(resourceType(apiVersion, kind), { namespace, labelSelector, fieldSelector, onChange });
      }
    }
  }

  private add(kc: KubeConfig, client: KubeClient, type: ResourceType, { namespace, labelSelector, fieldSelector, onChange }: Watched): void {
    const informer = new ResilientInformer<KubernetesObject>(kc, client, {
      type,
      ...(namespace === undefined ? {} : { namespace }),
      ...(labelSelector === undefined ? {} : { labelSelector }),
      ...(fieldSelector === undefined ? {} : { fieldSelector }),
      onChange,
      onError: (error) => this.options.onError(type.kind, error),
    });
    this.informers.set(this.key(type.apiVersion, type.kind, namespace), informer);
  }

  private key(apiVersion: string, kind: string, namespace: string | undefined): string {
    return `${apiVersion}/${kind}/${namespace ?? '*'}`;
  }

  private informerFor(apiVersion: string, kind: string, namespace: string) {
    return this.informers.get(this.key(apiVersion, kind, this.options.namespaces ? namespace : undefined));
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

  /** Every MurphyRun in the watched namespaces. */
  runs(): KubernetesObject[] {
    return [...this.informers.entries()].filter(([key]) => key.startsWith(`${API_GROUP}/${API_VERSION}/${KIND}/`)).flatMap(([, informer]) => [...informer.list()]);
  }
}
