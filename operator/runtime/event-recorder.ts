// Kubernetes events on a MurphyRun for transitions and failures (`kubectl describe` shows them).
// Events are only recorded on a change, so an idle run records none.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubeClient } from '../../src/k8s/kube-client.js';
import { rfc3339 } from './kube-time.js';

export interface RunEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

export interface EventRecorder {
  record(run: KubernetesObject, event: RunEvent): Promise<void>;
}

export class ApiEventRecorder implements EventRecorder {
  private sequence = 0;

  constructor(
    private readonly client: KubeClient,
    private readonly instance: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async record(run: KubernetesObject, event: RunEvent): Promise<void> {
    const { name = '', namespace = 'default', uid } = run.metadata ?? {};
    const now = rfc3339(this.clock());
    const body = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${name}.${Date.now().toString(16)}${(this.sequence++).toString(16)}`, namespace },
      involvedObject: { apiVersion: run.apiVersion, kind: run.kind, name, namespace, uid },
      type: event.type,
      reason: event.reason,
      message: event.message,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      source: { component: 'murphy-operator' },
      reportingComponent: 'murphy.dev/operator',
      reportingInstance: this.instance,
    };
    await this.client.request({ method: 'POST', path: `/api/v1/namespaces/${namespace}/events`, body });
  }
}
