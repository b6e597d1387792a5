// The coordination.k8s.io/v1 Lease that leader election reads and writes, with optimistic
// concurrency: an update names the resourceVersion it read, and a conflict means someone else won.
import type { KubeClient } from '../../src/k8s/kube-client.js';

export interface LeaseRecord {
  readonly holderIdentity?: string;
  readonly leaseDurationSeconds?: number;
  readonly acquireTime?: string;
  readonly renewTime?: string;
  readonly leaseTransitions?: number;
}

export interface ObservedLease {
  readonly record: LeaseRecord;
  readonly resourceVersion: string;
}

export interface LeaseStore {
  get(): Promise<ObservedLease | undefined>;
  /** Throws when the lease already exists. */
  create(record: LeaseRecord): Promise<void>;
  /** Throws on a conflict (the lease changed since `resourceVersion`). */
  update(record: LeaseRecord, resourceVersion: string): Promise<void>;
}

interface LeaseObject {
  metadata: { resourceVersion: string };
  spec?: LeaseRecord;
}

export class ApiLeaseStore implements LeaseStore {
  constructor(
    private readonly client: KubeClient,
    private readonly namespace: string,
    private readonly name: string,
  ) {}

  private get path(): string {
    return `/apis/coordination.k8s.io/v1/namespaces/${this.namespace}/leases`;
  }

  async get(): Promise<ObservedLease | undefined> {
    try {
      const lease = await this.client.request<LeaseObject>({ method: 'GET', path: `${this.path}/${this.name}` });
      return { record: lease.spec ?? {}, resourceVersion: lease.metadata.resourceVersion };
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  async create(record: LeaseRecord): Promise<void> {
    const body = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.name, namespace: this.namespace }, spec: record };
    await this.client.request({ method: 'POST', path: this.path, body });
  }

  async update(record: LeaseRecord, resourceVersion: string): Promise<void> {
    const body = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.name, namespace: this.namespace, resourceVersion }, spec: record };
    await this.client.request({ method: 'PUT', path: `${this.path}/${this.name}`, body });
  }
}
