// A test cluster: the control plane, the operator's RBAC from operator/manifests, and operators
// started in-process with the operator ServiceAccount's token (so every request is checked
// against the shipped least-privilege RBAC). Helpers read runs and count the operator's writes.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { MurphyRunStatus } from '../../../src/api/murphyrun.js';
import { serverSideApply } from '../../../src/k8s/server-side-apply.js';
import { defaultImages } from '../../../operator/images.js';
import { Operator, type OperatorOptions } from '../../../operator/operator.js';
import { ControlPlane, type AuditEvent } from './control-plane.js';
import { installOperatorRbac } from './install.js';
import { waitFor } from './processes.js';

export const OPERATOR_USER = 'system:serviceaccount:murphy-system:murphy-operator';

export type RunObject = KubernetesObject & { spec: Record<string, unknown>; status?: MurphyRunStatus };

export function testRun(namespace: string, name: string, spec: Record<string, unknown> = {}): RunObject {
  return {
    apiVersion: 'murphy.dev/v1alpha1',
    kind: 'MurphyRun',
    metadata: { name, namespace },
    spec: { model: { name: 'murphy-tiny', source: 'builtin:tiny' }, dataset: { source: 'builtin:mini' }, training: { maxSteps: 20 }, ...spec },
  };
}

export class TestCluster {
  private readonly operators: Operator[] = [];

  private constructor(
    readonly plane: ControlPlane,
    private readonly operatorKubeConfig: OperatorOptions['kubeConfig'],
  ) {}

  static async start(): Promise<TestCluster> {
    const plane = await ControlPlane.start();
    try {
      await installOperatorRbac(plane.admin);
      const { kubeConfig } = await plane.serviceAccountKubeConfig('murphy-system', 'murphy-operator');
      return new TestCluster(plane, kubeConfig);
    } catch (error) {
      await plane.stop();
      throw error;
    }
  }

  get admin() {
    return this.plane.admin;
  }

  async startOperator(options: Partial<OperatorOptions> = {}): Promise<Operator> {
    const operator = new Operator({
      kubeConfig: this.operatorKubeConfig,
      settings: { images: defaultImages, restartLimit: 2, restartBackoffMs: 200 },
      log: () => {},
      ...options,
    });
    this.operators.push(operator);
    await operator.start();
    return operator;
  }

  async stopOperator(operator: Operator): Promise<void> {
    await operator.stop();
    this.operators.splice(this.operators.indexOf(operator), 1);
  }

  async createNamespace(name: string): Promise<void> {
    await this.admin.request({ method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
    // Pods need the namespace's default ServiceAccount, which the controller manager creates.
    await waitFor(`ServiceAccount default in ${name}`, () => this.admin.request({ method: 'GET', path: `/api/v1/namespaces/${name}/serviceaccounts/default` }).then(() => true), 30_000);
  }

  async applyRun(run: RunObject): Promise<RunObject> {
    return serverSideApply(this.admin, run, { fieldManager: 'murphy-test', force: true });
  }

  async getRun(namespace: string, name: string): Promise<RunObject> {
    return this.admin.request<RunObject>({ method: 'GET', path: `/apis/murphy.dev/v1alpha1/namespaces/${namespace}/murphyruns/${name}` });
  }

  async waitForRun(namespace: string, name: string, what: string, check: (run: RunObject) => boolean): Promise<RunObject> {
    return waitFor(`${namespace}/${name}: ${what}`, async () => {
      const run = await this.getRun(namespace, name);
      return check(run) ? run : undefined;
    }, 45_000);
  }

  async get<T>(path: string): Promise<T> {
    return this.admin.request<T>({ method: 'GET', path });
  }

  /** Writes the operator made (leader election's Lease renewals aside), from the audit log. */
  operatorWrites(): AuditEvent[] {
    return this.plane.auditEvents().filter((e) => e.user.username === OPERATOR_USER && e.objectRef?.resource !== 'leases');
  }

  async stop(): Promise<void> {
    for (const operator of [...this.operators]) await operator.stop();
    await this.plane.stop();
  }
}
