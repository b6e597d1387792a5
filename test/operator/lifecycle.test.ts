// The operator against a real kube-apiserver, etcd and kube-controller-manager: a MurphyRun's
// whole life, with the test playing kubelet for the pods the controllers create.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { KubernetesObject, V1Deployment, V1Job } from '@kubernetes/client-node';
import { isSemanticSubset } from '../../src/k8s/semantic-subset.js';
import { ConfigMapProgressReporter } from '../../src/k8s/progress-reporter.js';
import { HttpKubeClient } from '../../src/k8s/kube-client.js';
import type { Operator } from '../../operator/operator.js';
import { childKey, expectedChildren, listChildren } from './harness/children.js';
import { TestCluster, testRun, type RunObject } from './harness/cluster.js';
import { setPods } from './harness/kubelet.js';
import { bringUp as bringUpIn, createRun as createRunIn, reportLastStep, selector } from './harness/runs.js';
import { waitFor } from './harness/processes.js';

let cluster: TestCluster;
let operator: Operator;

beforeAll(async () => {
  cluster = await TestCluster.start();
  operator = await cluster.startOperator();
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

const condition = (run: RunObject, type: string) => run.status?.conditions?.find((c) => c.type === type);
const deployment = (ns: string, name: string) => cluster.get<V1Deployment>(`/apis/apps/v1/namespaces/${ns}/deployments/${name}`);
const job = (ns: string, name: string) => cluster.get<V1Job>(`/apis/batch/v1/namespaces/${ns}/jobs/${name}`);

const createRun = (ns: string, name: string, spec: Record<string, unknown> = {}) => createRunIn(cluster, ns, name, spec);
const bringUp = (ns: string, name: string) => bringUpIn(cluster, ns, name);

describe('operator lifecycle on a real API server', () => {
  it('creates every child with the spec the builders produce, owned by the run', async () => {
    const run = await createRun('create', 'r');
    const observed = new Map((await listChildren(cluster.admin, 'create', 'r')).map((o) => [childKey(o), o]));
    const expected = expectedChildren(run);
    expect([...observed.keys()].sort()).toEqual(expected.map(childKey).sort());
    for (const desired of expected) {
      const actual = observed.get(childKey(desired)) as KubernetesObject;
      expect({ child: childKey(desired), subset: isSemanticSubset(desired, actual) }).toEqual({ child: childKey(desired), subset: true });
      expect(actual.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: 'MurphyRun', uid: run.metadata?.uid, controller: true })]);
    }
    const pending = await cluster.waitForRun('create', 'r', 'status', (r) => r.status?.phase === 'Pending');
    expect(pending.status).toMatchObject({ observedGeneration: 1, totalSteps: 20, restartCount: 0 });
    expect(condition(pending, 'Ready')).toMatchObject({ status: 'False', reason: 'ComponentsNotReady' });
    // No provisioner runs here: the claim stays Pending, and the status says what it waits for.
    expect(condition(pending, 'StorageReady')).toMatchObject({ status: 'False', reason: 'Pending', message: expect.stringMatching(/^r-checkpoints is Pending: the default storage class has not provisioned a ReadWriteOnce volume yet/) });
  }, 90_000);

  it('advances conditions and phase as component pods become ready', async () => {
    await createRun('ready', 'r');
    await waitFor('executor pod', () => setPods(cluster.admin, 'ready', selector('r', 'executor'), 'ready'), 30_000, 200);
    const initializing = await cluster.waitForRun('ready', 'r', 'Initializing', (r) => r.status?.phase === 'Initializing');
    expect(condition(initializing, 'ExecutorReady')).toMatchObject({ status: 'True', reason: 'Ready', message: '1/1 replicas ready' });
    expect(condition(initializing, 'TrainerReady')?.status).toBe('False');
    const running = await bringUp('ready', 'r');
    expect(condition(running, 'Ready')).toMatchObject({ status: 'True', reason: 'AllComponentsReady' });
    expect(running.status?.conditions?.filter((c) => c.type.endsWith('Ready') && c.type !== 'StorageReady').every((c) => c.status === 'True')).toBe(true);
  }, 90_000);

  it('shows the coordinator\'s progress report in status, written with the coordinator\'s own rights', async () => {
    await createRun('progress', 'r');
    const { kubeConfig } = await cluster.plane.serviceAccountKubeConfig('progress', 'r-coordinator');
    const client = new HttpKubeClient(kubeConfig);
    const reporter = new ConfigMapProgressReporter(client, { configMap: 'r-progress', namespace: 'progress' });
    await reporter.report({ step: 5, totalSteps: 40, passRates: [0.25, 0.5], lastCheckpoint: { step: 4, path: '/checkpoints/r/trainer/step-4' } });
    const run = await cluster.waitForRun('progress', 'r', 'step 5', (r) => r.status?.step === 5);
    expect(run.status).toMatchObject({ step: 5, totalSteps: 40, passRates: [0.25, 0.5], passRateSummary: '0.25/0.50', lastCheckpoint: { step: 4 } });
    // The coordinator may write its progress ConfigMap and nothing else.
    await expect(client.request({ method: 'GET', path: '/api/v1/namespaces/progress/configmaps/r-config' })).rejects.toThrow(/forbidden/);
    client.close();
  }, 90_000);

  it('makes the children follow a spec change, replacing Jobs only when training changes', async () => {
    await createRun('change', 'r');
    const before = { trainer: await job('change', 'r-trainer'), inference: await deployment('change', 'r-inference') };
    await cluster.applyRun(testRun('change', 'r', { executor: { replicas: 3, nodeSelector: { pool: 'cpu' } } }));
    await waitFor('executor replicas 3', async () => (await deployment('change', 'r-executor')).spec?.replicas === 3, 30_000);
    expect((await deployment('change', 'r-executor')).spec?.template.spec?.nodeSelector).toEqual({ pool: 'cpu' });
    expect((await job('change', 'r-trainer')).metadata?.uid).toBe(before.trainer.metadata?.uid);
    await cluster.applyRun(testRun('change', 'r', { executor: { replicas: 3 }, training: { maxSteps: 20, learningRate: 0.001 } }));
    await waitFor('trainer replaced', async () => (await job('change', 'r-trainer').catch(() => undefined))?.metadata?.uid !== before.trainer.metadata?.uid, 30_000);
    const config = await cluster.get<{ data: Record<string, string> }>('/api/v1/namespaces/change/configmaps/r-config');
    expect(config.data['run.yaml']).toContain('learningRate: 0.001');
    // A field no longer in the spec is removed from the child.
    await waitFor('nodeSelector removed', async () => (await deployment('change', 'r-executor')).spec?.template.spec?.nodeSelector === undefined, 30_000);
    expect((await deployment('change', 'r-inference')).metadata?.resourceVersion).toBe(before.inference.metadata?.resourceVersion);
    await cluster.waitForRun('change', 'r', 'observedGeneration 3', (r) => r.status?.observedGeneration === 3);
  }, 90_000);

  it('scales to zero on suspend, keeps the checkpoints, and comes back on resume', async () => {
    await createRun('suspend', 'r');
    await bringUp('suspend', 'r');
    await cluster.applyRun(testRun('suspend', 'r', { suspend: true }));
    const suspended = await cluster.waitForRun('suspend', 'r', 'Suspended', (r) => r.status?.phase === 'Suspended');
    expect(condition(suspended, 'Suspended')?.status).toBe('True');
    expect((await deployment('suspend', 'r-inference')).spec?.replicas).toBe(0);
    expect((await deployment('suspend', 'r-executor')).spec?.replicas).toBe(0);
    expect((await job('suspend', 'r-trainer')).spec?.suspend).toBe(true);
    expect((await job('suspend', 'r-coordinator')).spec?.suspend).toBe(true);
    await cluster.get('/api/v1/namespaces/suspend/persistentvolumeclaims/r-checkpoints');
    const trainerUid = (await job('suspend', 'r-trainer')).metadata?.uid;
    await cluster.applyRun(testRun('suspend', 'r', { suspend: false }));
    await waitFor('resumed', async () => (await deployment('suspend', 'r-inference')).spec?.replicas === 1 && (await job('suspend', 'r-trainer')).spec?.suspend === false, 30_000);
    expect((await job('suspend', 'r-trainer')).metadata?.uid).toBe(trainerUid);
    await bringUp('suspend', 'r');
  }, 120_000);

  it('restarts only a failed trainer from the checkpoint, then fails the run past the restart limit', async () => {
    await createRun('failure', 'r');
    const coordinatorUid = (await job('failure', 'r-coordinator')).metadata?.uid;
    for (const attempt of [1, 2]) {
      const failedUid = (await job('failure', 'r-trainer')).metadata?.uid;
      await waitFor('trainer pod fails', () => setPods(cluster.admin, 'failure', selector('r', 'trainer'), 'failed'), 30_000, 200);
      const run = await cluster.waitForRun('failure', 'r', `restart ${attempt}`, (r) => r.status?.restartCount === attempt);
      const fresh = await waitFor('new trainer Job', async () => {
        const j = await job('failure', 'r-trainer').catch(() => undefined);
        return j && j.metadata?.uid !== failedUid ? j : undefined;
      }, 30_000);
      expect(fresh.metadata?.annotations?.['murphy.dev/attempt']).toBe(String(attempt));
      expect(run.status?.phase).not.toBe('Failed');
      // The coordinator goes on (it resumes by itself once the trainer is back): its Job stays as it was.
      const coordinator = await job('failure', 'r-coordinator');
      expect([coordinator.metadata?.uid, coordinator.metadata?.annotations?.['murphy.dev/attempt']]).toEqual([coordinatorUid, '0']);
    }
    const events = await cluster.get<{ items: { reason: string; message: string }[] }>('/api/v1/namespaces/failure/events');
    expect(events.items.filter((e) => e.reason === 'Restarting')).toHaveLength(2);
    await waitFor('trainer pod fails', () => setPods(cluster.admin, 'failure', selector('r', 'trainer'), 'failed'), 30_000, 200);
    const failed = await cluster.waitForRun('failure', 'r', 'Failed', (r) => r.status?.phase === 'Failed');
    expect(condition(failed, 'Failed')).toMatchObject({ status: 'True', reason: 'RestartLimitExceeded' });
    expect(condition(failed, 'Failed')?.message).toContain('r-trainer failed');
    expect(failed.status?.restartCount).toBe(2);
    await waitFor('scaled down', async () => (await deployment('failure', 'r-inference')).spec?.replicas === 0, 30_000);
  }, 150_000);

  it('marks the run Succeeded when the coordinator reports its last step and completes, and frees the workloads', async () => {
    await createRun('success', 'r');
    await bringUp('success', 'r');
    await reportLastStep(cluster, 'success', 'r', 20);
    await setPods(cluster.admin, 'success', selector('r', 'coordinator'), 'succeeded');
    const done = await cluster.waitForRun('success', 'r', 'Succeeded', (r) => r.status?.phase === 'Succeeded');
    expect(condition(done, 'Complete')).toMatchObject({ status: 'True', reason: 'TrainingComplete' });
    await waitFor('scaled down', async () => (await deployment('success', 'r-executor')).spec?.replicas === 0 && (await job('success', 'r-trainer')).spec?.suspend === true, 30_000);
    // The finished coordinator's Job is left to complete: suspending it would delete its pod and logs.
    expect((await job('success', 'r-coordinator')).spec?.suspend).toBe(false);
  }, 120_000);

  it('writes nothing for an idle run, even when woken by unrelated changes', async () => {
    await createRun('idle', 'r');
    await bringUp('idle', 'r');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const writes = cluster.operatorWrites().length;
    const reconciles = async () => (await operator.metrics.reconciles.get()).values.reduce((sum, v) => sum + v.value, 0);
    const before = await reconciles();
    // Wake the reconciler: an annotation on the run, a label on a child (neither is ours).
    await cluster.admin.request({ method: 'PATCH', path: '/apis/murphy.dev/v1alpha1/namespaces/idle/murphyruns/r', body: { metadata: { annotations: { note: 'x' } } }, contentType: 'application/merge-patch+json' });
    await cluster.admin.request({ method: 'PATCH', path: '/apis/apps/v1/namespaces/idle/deployments/r-inference', body: { metadata: { annotations: { note: 'y' } } }, contentType: 'application/merge-patch+json' });
    await waitFor('reconciles', async () => (await reconciles()) >= before + 2, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const extra = cluster.operatorWrites().slice(writes);
    if (extra.length > 0) {
      const events = await cluster.get<{ items: { reason: string; message: string; lastTimestamp: string }[] }>('/api/v1/namespaces/idle/events');
      console.log(events.items.map((e) => `${e.lastTimestamp} ${e.reason} ${e.message}`).join('\n'));
      console.log(JSON.stringify((await cluster.getRun('idle', 'r')).status, null, 1));
    }
    expect(extra.map((e) => `${e.verb} ${e.objectRef?.resource}/${e.objectRef?.subresource ?? ''}`)).toEqual([]);
  }, 120_000);

  it('restarted mid-run, the operator makes no duplicates and leaves the status alone', async () => {
    await createRun('restart', 'r');
    await bringUp('restart', 'r');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const running = await cluster.getRun('restart', 'r');
    const runs = (await cluster.get<{ items: unknown[] }>('/apis/murphy.dev/v1alpha1/murphyruns')).items.length;
    const children = (await listChildren(cluster.admin, 'restart', 'r')).map(childKey).sort();
    const writes = cluster.operatorWrites().length;
    await cluster.stopOperator(operator);
    operator = await cluster.startOperator();
    await waitFor('a reconcile of every run', async () => (await operator.metrics.reconciles.get()).values.reduce((s, v) => s + v.value, 0) >= runs, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(cluster.operatorWrites().slice(writes)).toEqual([]);
    expect((await listChildren(cluster.admin, 'restart', 'r')).map(childKey).sort()).toEqual(children);
    expect((await cluster.getRun('restart', 'r')).metadata?.resourceVersion).toBe(running.metadata?.resourceVersion);
  }, 120_000);

  it('lets the garbage collector delete every child with the run', async () => {
    await createRun('delete', 'r');
    await cluster.admin.request({ method: 'DELETE', path: '/apis/murphy.dev/v1alpha1/namespaces/delete/murphyruns/r' });
    await waitFor('children gone', async () => (await listChildren(cluster.admin, 'delete', 'r')).length === 0, 60_000, 250).catch(async (e) => {
      console.log((await listChildren(cluster.admin, 'delete', 'r')).map((o) => `${o.kind}/${o.metadata?.name} ${JSON.stringify(o.metadata?.finalizers)} ${o.metadata?.deletionTimestamp}`).join('\n'));
      console.log(cluster.plane.logs('kube-controller-manager').split('\n').filter((l) => /garbage|gc|E11/.test(l)).slice(-40).join('\n'));
      throw e;
    });
  }, 90_000);
});
