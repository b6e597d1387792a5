// The operator process: metrics/health server, leader election, and the controller, which runs
// only while this replica leads. Used by `murphy operator` and, in-process, by the tests.
import { hostname } from 'node:os';
import type { KubeConfig } from '@kubernetes/client-node';
import { HttpKubeClient } from '../src/k8s/kube-client.js';
import { startMetricsServer, type MetricsServer } from '../src/metrics/http-server.js';
import { Controller } from './controller.js';
import { defaultElection, LeaderElector, type LeaderElectionOptions } from './runtime/leader-election.js';
import { ApiLeaseStore } from './runtime/lease-store.js';
import { OperatorMetrics } from './metrics.js';
import type { OperatorSettings } from './reconcile-context.js';

export interface OperatorOptions {
  readonly kubeConfig: KubeConfig;
  readonly settings: OperatorSettings;
  /** undefined: every namespace. */
  readonly namespaces?: readonly string[] | undefined;
  readonly concurrency?: number;
  readonly identity?: string;
  /** Without it, this replica leads unconditionally (one replica only). */
  readonly leaderElection?: (Partial<LeaderElectionOptions> & { readonly namespace: string; readonly leaseName?: string }) | undefined;
  /** undefined: no HTTP server; 0: any free port. */
  readonly metricsPort?: number | undefined;
  readonly log?: (message: string) => void;
  /** Called when leadership is lost: the process should exit and be restarted. */
  readonly onLostLeadership?: () => void;
}

export class Operator {
  readonly metrics = new OperatorMetrics();
  readonly identity: string;
  readonly client: HttpKubeClient;
  readonly controller: Controller;
  private readonly elector: LeaderElector | undefined;
  private server: MetricsServer | undefined;
  private electing: Promise<void> | undefined;
  private leading = false;

  constructor(private readonly options: OperatorOptions) {
    this.identity = options.identity ?? `${hostname()}_${process.pid}`;
    const log = options.log ?? ((m: string) => console.error(`murphy operator: ${m}`));
    this.client = new HttpKubeClient(options.kubeConfig);
    this.controller = new Controller(
      options.kubeConfig,
      this.client,
      { namespaces: options.namespaces, settings: options.settings, concurrency: options.concurrency ?? 4, identity: this.identity, log },
      this.metrics,
    );
    const election = options.leaderElection;
    if (election) {
      const store = new ApiLeaseStore(this.client, election.namespace, election.leaseName ?? 'murphy-operator');
      this.elector = new LeaderElector(store, { ...defaultElection, ...election, identity: this.identity }, {
        onStartedLeading: () => this.lead(),
        onStoppedLeading: () => this.lostLeadership(),
      });
    }
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** The metrics/health port (useful with metricsPort 0). */
  get metricsPort(): number | undefined {
    return this.server?.port;
  }

  /** Starts serving metrics and campaigns (or leads at once without leader election). */
  async start(): Promise<void> {
    if (this.options.metricsPort !== undefined) {
      this.server = await startMetricsServer({
        port: this.options.metricsPort,
        metrics: this.metrics.metrics,
        health: () => ({ healthy: true, detail: 'ok' }),
        // Ready when standing by, or leading with every cache synced.
        ready: () => (!this.leading || this.controller.ready ? { healthy: true, detail: 'ok' } : { healthy: false, detail: 'not ready' }),
      });
    }
    if (this.elector) this.electing = this.elector.run();
    else await this.lead();
  }

  /** Graceful: finish in-flight reconciles, release the lease, close the server and connections. */
  async stop(): Promise<void> {
    // Drain first, release the Lease after: a standby must not start while a reconcile runs here.
    if (this.leading) await this.controller.stop();
    this.leading = false;
    await this.elector?.stop();
    await this.electing;
    this.metrics.leader.set(0);
    await this.server?.close();
    this.client.close();
  }

  private async lead(): Promise<void> {
    this.leading = true;
    this.metrics.leader.set(1);
    await this.controller.start();
  }

  private async lostLeadership(): Promise<void> {
    this.leading = false;
    this.metrics.leader.set(0);
    await this.controller.stop();
    this.options.onLostLeadership?.();
  }
}
