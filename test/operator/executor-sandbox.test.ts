// The sandbox the executors run programs in, as the coordinator reports it, on a real API server:
// a run whose executors fell back to `process` gets the ExecutorSandboxDegraded condition and one
// Warning event; a run that asked for `process` gets neither.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigMapProgressReporter } from '../../src/k8s/progress-reporter.js';
import { HttpKubeClient } from '../../src/k8s/kube-client.js';
import { listChildren } from './harness/children.js';
import { TestCluster, testRun, type RunObject } from './harness/cluster.js';
import { waitFor } from './harness/processes.js';

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await TestCluster.start();
  await cluster.startOperator();
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

const degraded = (run: RunObject) => run.status?.conditions?.find((c) => c.type === 'ExecutorSandboxDegraded');

async function runReporting(ns: string, spec: Record<string, unknown>, sandbox: string): Promise<() => Promise<{ reason: string; type: string; message: string }[]>> {
  await cluster.createNamespace(ns);
  await cluster.applyRun(testRun(ns, 'r', spec));
  await waitFor(`children of ${ns}/r`, async () => (await listChildren(cluster.admin, ns, 'r')).length > 0, 30_000);
  const before = await cluster.waitForRun(ns, 'r', 'a status', (r) => degraded(r) !== undefined);
  expect(degraded(before)).toMatchObject({ status: 'False', reason: 'NotReported' });
  // The coordinator's own rights, as in its pod.
  const { kubeConfig } = await cluster.plane.serviceAccountKubeConfig(ns, 'r-coordinator');
  const client = new HttpKubeClient(kubeConfig);
  const reporter = new ConfigMapProgressReporter(client, { configMap: 'r-progress', namespace: ns });
  await reporter.report({ step: 1, passRates: [0.5], executorSandbox: sandbox });
  await cluster.waitForRun(ns, 'r', 'step 1', (r) => r.status?.step === 1);
  await reporter.report({ step: 2, passRates: [0.5], executorSandbox: sandbox });
  await cluster.waitForRun(ns, 'r', 'step 2', (r) => r.status?.step === 2);
  client.close();
  return async () => (await cluster.get<{ items: { reason: string; type: string; message: string }[] }>(`/api/v1/namespaces/${ns}/events`)).items;
}

describe('the executors\' sandbox in the run status', () => {
  it('marks a run whose executors fell back to process, with one Warning event', async () => {
    const events = await runReporting('fallback', {}, 'process');
    const run = await cluster.getRun('fallback', 'r');
    expect(degraded(run)).toMatchObject({ status: 'True', reason: 'FellBackToProcess' });
    expect(degraded(run)?.message).toContain('spec.executor.sandbox is auto');
    const warnings = (await events()).filter((e) => e.reason === 'SandboxWeakened');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ type: 'Warning' });
    expect(warnings[0]?.message).toContain('spec.executor.runtimeClassName');
  }, 120_000);

  it('leaves a run that asked for process alone', async () => {
    const events = await runReporting('asked', { executor: { sandbox: 'process' } }, 'process');
    const run = await cluster.getRun('asked', 'r');
    expect(degraded(run)).toMatchObject({ status: 'False', reason: 'AsAsked' });
    expect((await events()).filter((e) => e.reason === 'SandboxWeakened')).toEqual([]);
  }, 120_000);
});
