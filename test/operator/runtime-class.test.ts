// The executors' RuntimeClass under the operator's default `auto`, on a real API server: without a
// RuntimeClass named gvisor the executor pods get none; creating one gives the runs' executor
// Deployments runtimeClassName gvisor without an operator restart, deleting it takes it away again;
// a run's own spec.executor.runtimeClassName wins throughout. The operator watches one namespace
// only, so the cluster-scoped RuntimeClass is read next to per-namespace caches, with the shipped
// RBAC (operator/manifests/10-rbac.yaml).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { V1Deployment } from '@kubernetes/client-node';
import { TestCluster, testRun } from './harness/cluster.js';
import { waitFor } from './harness/processes.js';

const NS = 'sandboxed';
const RUNTIME_CLASSES = '/apis/node.k8s.io/v1/runtimeclasses';

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await TestCluster.start();
  await cluster.createNamespace(NS);
  await cluster.startOperator({ namespaces: [NS] });
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

/** The executor Deployment's runtimeClassName once it exists ('' for none). */
async function executorRuntimeClass(run: string): Promise<string> {
  const deployment = await waitFor(`${NS}/${run}-executor`, () => cluster.get<V1Deployment>(`/apis/apps/v1/namespaces/${NS}/deployments/${run}-executor`).catch(() => undefined), 30_000);
  return deployment.spec?.template.spec?.runtimeClassName ?? '';
}

async function waitForRuntimeClass(run: string, expected: string): Promise<void> {
  await waitFor(`${NS}/${run}-executor with runtimeClassName "${expected}"`, async () => (await executorRuntimeClass(run)) === expected, 30_000);
}

describe('the executor RuntimeClass under auto', () => {
  it('follows whether the cluster offers gvisor, without an operator restart; a run\'s own class wins', async () => {
    await cluster.applyRun(testRun(NS, 'plain'));
    await cluster.applyRun(testRun(NS, 'own', { executor: { runtimeClassName: 'kata' } }));
    expect(await executorRuntimeClass('plain')).toBe('');
    expect(await executorRuntimeClass('own')).toBe('kata');

    await cluster.admin.request({ method: 'POST', path: RUNTIME_CLASSES, body: { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'gvisor' }, handler: 'runsc' } });
    await waitForRuntimeClass('plain', 'gvisor');
    expect(await executorRuntimeClass('own')).toBe('kata');

    // A run created while gvisor exists gets it at once.
    await cluster.applyRun(testRun(NS, 'later'));
    await waitForRuntimeClass('later', 'gvisor');

    await cluster.admin.request({ method: 'DELETE', path: `${RUNTIME_CLASSES}/gvisor` });
    await waitForRuntimeClass('plain', '');
    await waitForRuntimeClass('later', '');
    expect(await executorRuntimeClass('own')).toBe('kata');
  }, 120_000);

  it('ignores RuntimeClasses of other names', async () => {
    await cluster.admin.request({ method: 'POST', path: RUNTIME_CLASSES, body: { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'gvisor-debug' }, handler: 'runsc-debug' } });
    await cluster.applyRun(testRun(NS, 'other'));
    expect(await executorRuntimeClass('other')).toBe('');
  }, 60_000);
});
