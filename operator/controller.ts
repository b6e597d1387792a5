// Wires the pieces: informers feed run keys into the work queue (a child maps to the run that
// controls it), workers reconcile, metrics observe. Start after winning leader election; stop
// drains in-flight reconciles before the caches go away.
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import type { KubeClient } from '../src/k8s/kube-client.js';
import type { MurphyRunStatus } from '../src/api/murphyrun.js';
import { ChildWriter } from './child-writer.js';
import { AUTO } from './executor-runtime-class.js';
import { ApiEventRecorder, type EventRecorder } from './runtime/event-recorder.js';
import { InformerStore } from './runtime/informer-store.js';
import { setRunGauges, type OperatorMetrics } from './metrics.js';
import { controllingRun, parseRunKey, runKeyString } from './owner.js';
import type { OperatorSettings } from './reconcile-context.js';
import { Reconciler } from './reconciler.js';
import { WorkQueue } from './runtime/work-queue.js';
import { cachedRuns, runWatches } from './watches.js';

export interface ControllerOptions {
  readonly namespaces: readonly string[] | undefined;
  readonly settings: OperatorSettings;
  readonly concurrency: number;
  readonly identity: string;
  readonly log: (message: string) => void;
  readonly clock?: () => Date;
  readonly events?: EventRecorder;
}

export class Controller {
  readonly store: InformerStore;
  private readonly queue: WorkQueue;
  private readonly reconciler: Reconciler;
  private synced = false;

  constructor(kc: KubeConfig, client: KubeClient, options: ControllerOptions, private readonly metrics: OperatorMetrics) {
    this.store = new InformerStore(kc, client, {
      namespaces: options.namespaces,
      // Until every cache has listed, a reconcile would take missing children for absent ones
      // and re-apply them; start() enqueues every run once all caches are synced.
      watches: runWatches({
        onRun: (run) => this.synced && this.enqueue(run),
        onChild: (child) => {
          const owner = controllingRun(child);
          if (owner && this.synced) this.queue.add(runKeyString(owner));
        },
        onObserved: (run) => this.synced && this.queue.add(runKeyString(run)),
        onRuntimeClass: (options.settings.executorRuntimeClass ?? AUTO) === AUTO ? () => this.synced && this.enqueueAll() : undefined,
      }),
      onError: (kind, error) => {
        metrics.informerRestarts.inc({ kind });
        options.log(`watch of ${kind} failed (${(error as Error)?.message ?? String(error)}); restarting with backoff`);
      },
    });
    const writer = new ChildWriter(client, this.store, (verb, object) => metrics.writes.inc({ verb, kind: object.kind ?? '' }));
    const events = options.events ?? new ApiEventRecorder(client, options.identity);
    this.reconciler = new Reconciler({ client, store: this.store, writer, events, settings: options.settings, clock: options.clock ?? (() => new Date()) });
    this.queue = new WorkQueue((key) => this.reconcile(key), {
      concurrency: options.concurrency,
      backoff: { baseMs: 500, maxMs: 60_000 },
      onError: (key, error, retry) => options.log(`reconcile ${key} failed: ${(error as Error).message}; retrying in ${retry} ms`),
    });
  }

  get ready(): boolean {
    return this.synced;
  }

  async start(): Promise<void> {
    await this.store.start();
    this.synced = true;
    this.enqueueAll();
  }

  async stop(): Promise<void> {
    this.synced = false;
    await this.queue.shutdown();
    await this.store.stop();
  }

  private enqueueAll(): void {
    for (const run of cachedRuns(this.store)) this.enqueue(run);
  }

  private enqueue(run: KubernetesObject): void {
    const { namespace, name } = run.metadata ?? {};
    if (namespace && name) this.queue.add(runKeyString({ namespace, name }));
  }

  private async reconcile(key: string) {
    const end = this.metrics.reconcileSeconds.startTimer();
    try {
      const result = await this.reconciler.reconcile(parseRunKey(key));
      if (result.statusWritten) this.metrics.writes.inc({ verb: 'apply', kind: 'MurphyRun/status' });
      this.metrics.reconciles.inc({ result: 'ok' });
      return result;
    } catch (error) {
      this.metrics.reconciles.inc({ result: 'error' });
      throw error;
    } finally {
      end();
      this.metrics.queueDepth.set(this.queue.depth);
      this.countPhases();
    }
  }

  private countPhases(): void {
    setRunGauges(this.metrics, cachedRuns(this.store) as Iterable<{ status?: MurphyRunStatus }>);
  }
}
