// spec.evaluation against a real kube-apiserver, etcd and kube-controller-manager: the base-model
// evaluation Job runs once inference and executor are ready and before the coordinator starts,
// the final one after training; their reports (written with the evaluation ServiceAccount's own
// rights, exactly as `murphy eval --report-configmap` writes them) reach status.evaluation and the
// operator's metrics, and the run is Succeeded only after the final evaluation. The test plays
// kubelet for the pods the controllers create.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { V1Deployment, V1Job } from '@kubernetes/client-node';
import { writeReportConfigMap } from '../../src/eval/eval-configmap.js';
import type { EvalReport } from '../../src/eval/eval-report.js';
import { HttpKubeClient } from '../../src/k8s/kube-client.js';
import { isSemanticSubset } from '../../src/k8s/semantic-subset.js';
import type { Operator } from '../../operator/operator.js';
import { childKey, expectedChildren, listChildren } from './harness/children.js';
import { TestCluster, testRun, type RunObject } from './harness/cluster.js';
import { setPods } from './harness/kubelet.js';
import { reportLastStep } from './harness/runs.js';
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

const NS = 'evaluation';
const EVALUATION = { datasets: [{ source: 'builtin:mini' }], iterations: [1, 3], runs: 2, baseModel: true };
const job = (name: string) => cluster.get<V1Job>(`/apis/batch/v1/namespaces/${NS}/jobs/${name}`);
const maybeJob = (name: string) => job(name).catch(() => undefined);
const deployment = (name: string) => cluster.get<V1Deployment>(`/apis/apps/v1/namespaces/${NS}/deployments/${name}`);
const selector = (component: string) => `murphy.dev/run=r,app.kubernetes.io/component=${component}`;
const jobPods = (name: string) => `batch.kubernetes.io/job-name=${name}`;

function report(label: string, means: readonly [number, number]): EvalReport {
  return {
    kind: 'murphy-eval-report', version: 1, label, model: 'murphy-tiny', startedAt: '2030-01-01T00:00:00.000Z', wallSeconds: 12.5,
    settings: { iterations: [1, 3], runs: 2, temperature: 0.6, topP: 0.95, maxNewTokens: 256, seed: 0, timeoutSeconds: 10, selfReflection: false },
    datasets: [{ name: 'mini', source: 'builtin:mini', problems: 8, visibleTests: 2, splitSeed: 0 }],
    results: [
      { dataset: 'mini', iterations: 1, problems: 8, runs: [means[0], means[0]], mean: means[0], std: 0 },
      { dataset: 'mini', iterations: 3, problems: 8, runs: [means[1] - 0.125, means[1] + 0.125], mean: means[1], std: 0.125 },
    ],
  };
}

/** What the evaluation Job's process does at its end, with the Job's ServiceAccount. */
async function writeReportAsTheJob(label: string, means: readonly [number, number]): Promise<void> {
  const { kubeConfig } = await cluster.plane.serviceAccountKubeConfig(NS, 'r-evaluation');
  const client = new HttpKubeClient(kubeConfig);
  try {
    await writeReportConfigMap(client, { name: 'r-evaluation', namespace: NS }, report(label, means));
    // The evaluation may write its report ConfigMap and nothing else.
    await expect(client.request({ method: 'GET', path: `/api/v1/namespaces/${NS}/configmaps/r-config` })).rejects.toThrow(/forbidden/);
  } finally {
    client.close();
  }
}

describe('evaluation on a real API server', () => {
  let run: RunObject;

  it('creates the report ConfigMap and its access, and holds the coordinator until the base evaluation', async () => {
    await cluster.createNamespace(NS);
    run = await cluster.applyRun(testRun(NS, 'r', { evaluation: EVALUATION }));
    await waitFor('children of r', async () => (await listChildren(cluster.admin, NS, 'r')).length === 19, 30_000);
    const observed = new Map((await listChildren(cluster.admin, NS, 'r')).map((o) => [childKey(o), o]));
    for (const key of ['ConfigMap/r-evaluation', 'ServiceAccount/r-evaluation', 'Role/r-evaluation', 'RoleBinding/r-evaluation']) expect(observed.has(key)).toBe(true);
    expect((await job('r-coordinator')).spec?.suspend).toBe(true);
    expect(await maybeJob('r-eval-base')).toBeUndefined();
    const pending = await cluster.waitForRun(NS, 'r', 'evaluation Pending', (r) => r.status?.evaluation?.phase === 'Pending');
    expect(pending.status?.evaluation?.message).toBe('the base model is evaluated once inference and executor are ready');
  }, 120_000);

  it('starts the base evaluation Job once inference and executor are ready, with the spec the builder makes', async () => {
    await waitFor('services ready', async () => {
      for (const component of ['executor', 'inference']) await setPods(cluster.admin, NS, selector(component), 'ready');
      return maybeJob('r-eval-base');
    }, 60_000, 300);
    const desired = expectedChildren(run, { holdCoordinator: true, evaluationJobs: ['base'] }).find((o) => childKey(o) === 'Job/r-eval-base');
    const actual = await job('r-eval-base');
    expect(desired).toBeDefined();
    expect(isSemanticSubset(desired, actual)).toBe(true);
    expect(actual.spec?.template.spec?.containers[0]?.args).toContain('base');
    const running = await cluster.waitForRun(NS, 'r', 'evaluation Running', (r) => r.status?.evaluation?.phase === 'Running');
    expect(running.status?.conditions?.find((c) => c.type === 'CoordinatorReady')?.message).toBe('waiting for the base-model evaluation');
    expect((await job('r-coordinator')).spec?.suspend).toBe(true);
  }, 120_000);

  it('folds the base report into status and releases the coordinator when the base Job completes', async () => {
    await writeReportAsTheJob('base', [0.25, 0.375]);
    await waitFor('base pod succeeds', () => setPods(cluster.admin, NS, jobPods('r-eval-base'), 'succeeded'), 30_000, 200);
    await waitFor('coordinator released', async () => (await job('r-coordinator')).spec?.suspend === false, 30_000);
    const withBase = await cluster.waitForRun(NS, 'r', 'base results', (r) => (r.status?.evaluation?.results?.length ?? 0) === 2);
    expect(withBase.status?.evaluation?.results).toEqual([
      { model: 'base', dataset: 'mini', iterations: 1, passAt1: 0.25, std: 0, problems: 8 },
      { model: 'base', dataset: 'mini', iterations: 3, passAt1: 0.375, std: 0.125, problems: 8 },
    ]);
  }, 120_000);

  it('evaluates the final model after training, keeping inference and executor up, and only then succeeds', async () => {
    await waitFor('Running', async () => {
      for (const component of ['executor', 'inference', 'trainer', 'coordinator']) await setPods(cluster.admin, NS, selector(component), 'ready');
      return (await cluster.getRun(NS, 'r')).status?.phase === 'Running';
    }, 60_000, 300);
    expect(await maybeJob('r-eval-final')).toBeUndefined();
    await reportLastStep(cluster, NS, 'r', 20);
    await setPods(cluster.admin, NS, selector('coordinator'), 'succeeded');
    await waitFor('final evaluation Job', () => maybeJob('r-eval-final'), 30_000);
    const training = await cluster.waitForRun(NS, 'r', 'training complete', (r) => r.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') ?? false);
    expect(training.status?.phase).toBe('Running');
    expect((await deployment('r-inference')).spec?.replicas).toBe(1);
    expect((await deployment('r-executor')).spec?.replicas).toBe(1);
    await waitFor('trainer suspended', async () => (await job('r-trainer')).spec?.suspend === true, 30_000);

    await writeReportAsTheJob('final', [0.5, 0.625]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await cluster.getRun(NS, 'r')).status?.phase).toBe('Running');
    await waitFor('final pod succeeds', () => setPods(cluster.admin, NS, jobPods('r-eval-final'), 'succeeded'), 30_000, 200);
    const done = await cluster.waitForRun(NS, 'r', 'Succeeded', (r) => r.status?.phase === 'Succeeded');
    expect(done.status?.evaluation).toMatchObject({ phase: 'Succeeded', message: 'evaluated the base and final models' });
    expect(done.status?.evaluation?.results?.map((r) => `${r.model}@${r.iterations}=${r.passAt1}`)).toEqual(['base@1=0.25', 'base@3=0.375', 'final@1=0.5', 'final@3=0.625']);
    await waitFor('services scaled down', async () => (await deployment('r-inference')).spec?.replicas === 0 && (await deployment('r-executor')).spec?.replicas === 0, 30_000);
    const metrics = await waitFor('pass@1 metrics', async () => {
      const text = await operator.metrics.registry.metrics();
      return text.includes('model="final"') && text.includes('run_phase{namespace="evaluation",run="r",phase="Succeeded"}') ? text : undefined;
    }, 10_000);
    expect(metrics).toContain('murphy_operator_eval_pass_at_1{namespace="evaluation",run="r",model="final",dataset="mini",iterations="3"} 0.625');
    expect(metrics).toContain('murphy_operator_eval_pass_at_1_std{namespace="evaluation",run="r",model="base",dataset="mini",iterations="3"} 0.125');
  }, 180_000);
});
