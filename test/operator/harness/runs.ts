// A run's life as the tests drive it: create it and wait for its children, then play kubelet
// until every component is ready and the run is Running.
import type { V1Pod } from '@kubernetes/client-node';
import { ConfigMapProgressReporter } from '../../../src/k8s/progress-reporter.js';
import { HttpKubeClient } from '../../../src/k8s/kube-client.js';
import { listChildren } from './children.js';
import { testRun, type RunObject, type TestCluster } from './cluster.js';
import { listPods, setPods } from './kubelet.js';
import { waitFor } from './processes.js';

export const selector = (run: string, component: string) => `murphy.dev/run=${run},app.kubernetes.io/component=${component}`;

export async function createRun(cluster: TestCluster, ns: string, name: string, spec: Record<string, unknown> = {}): Promise<RunObject> {
  await cluster.createNamespace(ns);
  const run = await cluster.applyRun(testRun(ns, name, spec));
  await waitFor(`children of ${name}`, async () => (await listChildren(cluster.admin, ns, name)).length === 15, 30_000);
  return run;
}

/** Plays kubelet until every component's pods are ready and the run is Running. */
export async function bringUp(cluster: TestCluster, ns: string, name: string): Promise<RunObject> {
  return waitFor(`${name} Running`, async () => {
    for (const component of ['executor', 'inference', 'trainer', 'coordinator']) await setPods(cluster.admin, ns, selector(name, component), 'ready');
    const run = await cluster.getRun(ns, name);
    return run.status?.phase === 'Running' ? run : undefined;
  }, 60_000, 300);
}

/** The one live (not terminating) pod that `labelSelector` selects, other than `not`. */
export async function onePod(cluster: TestCluster, ns: string, labelSelector: string, not?: string): Promise<V1Pod> {
  return waitFor(`one pod ${labelSelector}${not ? ` other than ${not}` : ''}`, async () => {
    const pods = (await listPods(cluster.admin, ns, labelSelector)).filter((p) => p.metadata?.name !== not);
    return pods.length === 1 ? pods[0] : undefined;
  }, 30_000, 100);
}

/** Writes the coordinator's report of the run's last step, with the coordinator's own rights. */
export async function reportLastStep(cluster: TestCluster, ns: string, run: string, steps: number): Promise<void> {
  const { kubeConfig } = await cluster.plane.serviceAccountKubeConfig(ns, `${run}-coordinator`);
  const reporter = new ConfigMapProgressReporter(new HttpKubeClient(kubeConfig), { configMap: `${run}-progress`, namespace: ns });
  await reporter.report({ step: steps, totalSteps: steps, passRates: [0.5, 0.75], lastCheckpoint: { step: steps, path: `/checkpoints/${run}/trainer/step-${steps}` } });
  reporter.close();
}
