// A list-watch cache of one resource that never gives up. @kubernetes/client-node's informer
// restarts itself only after 410 Gone; any other error (API server restart, network, 5xx,
// a watch ended with an error) stops it for good. This wrapper restarts it with jittered backoff,
// and resets the backoff once a list succeeds again.
import { ListWatch, Watch, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { backoffDelay, type Backoff } from './backoff.js';
import type { KubeClient } from './kube-client.js';
import { collectionPath, type ResourceType } from './resources.js';

export interface InformerOptions<T extends KubernetesObject> {
  readonly type: ResourceType;
  /** undefined watches every namespace. */
  readonly namespace?: string;
  readonly labelSelector?: string;
  /** e.g. `involvedObject.kind=PersistentVolumeClaim` (Events carry no labels to select by). */
  readonly fieldSelector?: string;
  /** Called for every add, update and delete (level-triggered consumers need no event type). */
  readonly onChange: (object: T) => void;
  readonly onError?: (error: unknown, retryInMs: number) => void;
  readonly backoff?: Backoff;
}

interface List<T> {
  items: T[];
  metadata?: { resourceVersion?: string };
}

export class ResilientInformer<T extends KubernetesObject> {
  private readonly informer: ListWatch<T>;
  private failures = 0;
  private stopped = true;
  private retry: NodeJS.Timeout | undefined;
  private listed = false;

  constructor(kc: KubeConfig, client: KubeClient, private readonly options: InformerOptions<T>) {
    const path = collectionPath(options.type, options.namespace);
    const list = async () => {
      const result = await client.request<List<T>>({ method: 'GET', path, query: { labelSelector: options.labelSelector, fieldSelector: options.fieldSelector } });
      // List items carry no apiVersion/kind; watch events do. Make both look the same.
      result.items = result.items.map((item) => ({ ...item, apiVersion: options.type.apiVersion, kind: options.type.kind }));
      this.listed = true;
      this.failures = 0;
      return result;
    };
    // ListWatch directly: makeInformer passes no field selector on to the watch.
    this.informer = new ListWatch<T>(path, new Watch(kc), list, false, options.labelSelector, options.fieldSelector);
    for (const verb of ['add', 'update', 'delete'] as const) this.informer.on(verb, (object) => options.onChange(object));
    this.informer.on('error', (error) => this.restartLater(error));
  }

  /** Starts watching; resolves once the first list succeeded (retrying until then). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.informer.start();
    while (!this.listed && !this.stopped) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.informer.stop();
  }

  get(name: string, namespace?: string): T | undefined {
    return this.informer.get(name, namespace);
  }

  list(namespace?: string): readonly T[] {
    return this.informer.list(namespace);
  }

  private restartLater(error: unknown): void {
    if (this.stopped) return;
    const delay = backoffDelay(this.options.backoff ?? { baseMs: 200, maxMs: 30_000 }, this.failures++);
    this.options.onError?.(error, delay);
    clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      if (!this.stopped) void this.informer.start();
    }, delay);
  }
}
