// What the API server itself enforces and shows (CRD validation, printer columns via a real
// kubectl, the shipped manifests), and the operator's deployment behaviour: leader election
// between replicas, watching only some namespaces, and the `murphy operator` process itself; and
// PodSecurity admission of every pod a run creates (the tracking sidecar included).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { V1Job } from '@kubernetes/client-node';
import { validateMurphyRun, type ResolvedMurphyRun } from '../../src/api/load.js';
import { ConfigMapProgressReporter } from '../../src/k8s/progress-reporter.js';
import { desiredChildren } from '../../operator/builders/index.js';
import { defaultImages } from '../../operator/images.js';
import type { Operator } from '../../operator/operator.js';
import { listChildren } from './harness/children.js';
import { TestCluster, testRun, type RunObject } from './harness/cluster.js';
import { REPO_ROOT } from './harness/install.js';
import { waitFor } from './harness/processes.js';

const run = promisify(execFile);
let cluster: TestCluster;

beforeAll(async () => {
  cluster = await TestCluster.start();
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

const kubectl = (...args: string[]) =>
  run(join(cluster.plane.binDir, 'kubectl'), ['--kubeconfig', cluster.plane.adminKubeconfigFile, ...args], { cwd: REPO_ROOT });

async function rejection(object: RunObject, query: Record<string, string> = {}): Promise<string> {
  const ns = object.metadata?.namespace ?? '';
  const error = await cluster.admin.request({ method: 'POST', path: `/apis/murphy.dev/v1alpha1/namespaces/${ns}/murphyruns`, body: object, query }).then(
    () => new Error('accepted'),
    (e: Error) => e,
  );
  return error.message;
}

describe('the API server validates MurphyRuns with the generated CRD', () => {
  beforeAll(() => cluster.createNamespace('invalid'));

  it('rejects a value out of range, naming the field', async () => {
    const message = await rejection(testRun('invalid', 'a', { algorithm: { turns: 9 } }));
    expect(message).toMatch(/spec\.algorithm\.turns: Invalid value: 9: .*less than or equal to 8/);
  });

  it('rejects a missing required field', async () => {
    const object = testRun('invalid', 'b');
    delete object.spec.model;
    expect(await rejection(object)).toMatch(/spec\.model: Required value/);
  });

  it('enforces the cross-field rules as CEL, on the field they are about', async () => {
    expect(await rejection(testRun('invalid', 'c', { algorithm: { turns: 2, generations: [4] } }))).toMatch(/spec\.algorithm\.generations: Invalid value: .*generations must have one entry per turn/);
    expect(await rejection(testRun('invalid', 'd', { inference: { gpus: 2, tensorParallel: 4 } }))).toMatch(/spec\.inference\.tensorParallel: .*tensorParallel cannot exceed gpus per replica/);
    expect(await rejection(testRun('invalid', 'e', { algorithm: { turns: 2, pruning: { strategy: 'inter', budgets: [2, 2] } } }))).toMatch(/spec\.algorithm\.pruning\.budgets: .*budgets\[0\] must be null/);
    expect(await rejection(testRun('invalid', 'l', { training: { maxPolicyLag: 1, importanceSampling: 'none' } }))).toMatch(/spec\.training\.importanceSampling: .*maxPolicyLag 1 or more .*decoupled PPO/);
  });

  it('refuses a storage size that is no quantity, vLLM without GPUs, and a multi-node trainer on a ReadWriteOnce volume', async () => {
    expect(await rejection(testRun('invalid', 'g', { storage: { size: 'lots' } }))).toMatch(/spec\.storage\.size: .*size must be a quantity such as 50Gi/);
    expect(await rejection(testRun('invalid', 'h', { inference: { backend: 'vllm', gpus: 0 } }))).toMatch(/spec\.inference\.gpus: .*the vllm backend needs GPUs: set inference\.gpus to 1 or more, or use backend hf on CPU/);
    expect(await rejection(testRun('invalid', 'i', { trainer: { nodes: 2 } }))).toMatch(/spec\.storage\.accessMode: .*set storage\.accessMode to ReadWriteMany/);
  });

  it('refuses a model the pods cannot find, saying what to do', async () => {
    const byName = testRun('invalid', 'j', {});
    byName.spec.model = { name: 'Qwen/Qwen3-1.7B' };
    expect(await rejection(byName)).toMatch(/spec\.model\.source: .*images are offline.*set model\.download: true.*\/checkpoints\/.*model\.claimName/);
    byName.spec.model = { name: 'q', source: '/murphy/models/q' };
    expect(await rejection(byName)).toMatch(/spec\.model\.source: .*model\.claimName/);
    byName.spec.model = { name: 'q', source: '/checkpoints/q', download: true };
    expect(await rejection(byName)).toMatch(/spec\.model\.source: .*leave model\.source unset/);
    byName.spec.model = { name: 'Qwen/Qwen3-1.7B', download: true };
    await cluster.admin.request({ method: 'POST', path: '/apis/murphy.dev/v1alpha1/namespaces/invalid/murphyruns', body: byName, query: { dryRun: 'All' } });
  });

  it('keeps storage as it was created', async () => {
    await cluster.applyRun(testRun('invalid', 'k', { storage: { size: '10Gi' } }));
    const error = await cluster.applyRun(testRun('invalid', 'k', { storage: { size: '20Gi' } })).then(() => new Error('accepted'), (e: Error) => e);
    expect(error.message).toMatch(/spec\.storage: .*storage cannot change once the run exists.*storage\.claimName/);
    await cluster.applyRun(testRun('invalid', 'k', { storage: { size: '10Gi' }, training: { maxSteps: 5 } }));
  });

  it('names an unknown field under strict field validation (kubectl\'s default)', async () => {
    const message = await rejection(testRun('invalid', 'f', { trainer: { gpus: 1 } }), { fieldValidation: 'Strict' });
    expect(message).toMatch(/unknown field "spec\.trainer\.gpus"/);
  });

  it('refuses an unknown tracker, a malformed MLflow URI and a tracking section without a tracker; accepts MLflow with TensorBoard', async () => {
    expect(await rejection(testRun('invalid', 'l', { tracking: { neptune: { project: 'p' } } }), { fieldValidation: 'Strict' })).toMatch(/unknown field "spec\.tracking\.neptune"/);
    expect(await rejection(testRun('invalid', 'm', { tracking: { mlflow: { trackingUri: 'mlflow.example.com:5000' } } }))).toMatch(/spec\.tracking\.mlflow\.trackingUri: Invalid value: "mlflow\.example\.com:5000"/);
    expect(await rejection(testRun('invalid', 'n', { tracking: {} }))).toMatch(/spec\.tracking: .*tracking names no tracker/);
    const tracked = testRun('invalid', 'o', { tracking: { mlflow: { trackingUri: 'http://mlflow.mlflow.svc:5000', experimentName: 'murphy' }, tensorboard: {}, credentialsSecret: 'mlflow-login' } });
    await cluster.admin.request({ method: 'POST', path: '/apis/murphy.dev/v1alpha1/namespaces/invalid/murphyruns', body: tracked, query: { dryRun: 'All', fieldValidation: 'Strict' } });
  });

  it('accepts the example and fills in the schema defaults', async () => {
    const { stdout } = await kubectl('apply', '-n', 'invalid', '-f', 'examples/tiny.yaml');
    expect(stdout).toContain('murphyrun.murphy.dev/local-tiny created');
    const stored = await cluster.getRun('invalid', 'local-tiny');
    expect(stored.spec).toMatchObject({ executor: { replicas: 1, sandbox: 'auto' }, storage: { size: '50Gi' }, suspend: false });
  });
});

describe('kubectl', () => {
  let operator: Operator;
  beforeAll(async () => {
    operator = await cluster.startOperator({ namespaces: ['kubectl'] });
    await cluster.createNamespace('kubectl');
  });
  afterAll(() => cluster.stopOperator(operator));

  it('applies the example and lists runs with the printer columns', async () => {
    await kubectl('apply', '-n', 'kubectl', '-f', 'examples/tiny.yaml');
    await waitFor('children', async () => (await listChildren(cluster.admin, 'kubectl', 'local-tiny')).length === 15, 30_000);
    const { kubeConfig } = await cluster.plane.serviceAccountKubeConfig('kubectl', 'local-tiny-coordinator');
    const { HttpKubeClient } = await import('../../src/k8s/kube-client.js');
    const client = new HttpKubeClient(kubeConfig);
    await new ConfigMapProgressReporter(client, { configMap: 'local-tiny-progress', namespace: 'kubectl' }).report({ step: 1, passRates: [0.5, 0.75] });
    client.close();
    await cluster.waitForRun('kubectl', 'local-tiny', 'step 1', (r) => r.status?.step === 1);
    const { stdout } = await kubectl('get', 'murphyruns', '-n', 'kubectl');
    const [header, row] = stdout.trim().split('\n').map((line) => line.trim().split(/\s+/));
    expect(header).toEqual(['NAME', 'PHASE', 'STEP', 'TOTAL', 'PASS-RATE', 'AGE']);
    expect(row?.slice(0, 5)).toEqual(['local-tiny', 'Pending', '1', '2', '0.50/0.75']);
    const short = await kubectl('get', 'mr', '-n', 'kubectl', '-o', 'name');
    expect(short.stdout.trim()).toBe('murphyrun.murphy.dev/local-tiny');
  }, 60_000);

  it('accepts the operator manifests (server-side dry run)', async () => {
    const { stdout } = await kubectl('apply', '--dry-run=server', '-f', 'operator/manifests/');
    expect(stdout).toContain('deployment.apps/murphy-operator');
    expect(stdout).toContain('clusterrole.rbac.authorization.k8s.io/murphy-operator');
  });
});

describe('operator deployment behaviour', () => {
  const election = { namespace: 'murphy-system', leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 300 };

  it('elects one leader among two replicas; the standby takes over when it leaves', async () => {
    await cluster.createNamespace('election');
    const a = await cluster.startOperator({ identity: 'replica-a', leaderElection: election, namespaces: ['election'] });
    const b = await cluster.startOperator({ identity: 'replica-b', leaderElection: election, namespaces: ['election'] });
    const leader = await waitFor('a leader', () => Promise.resolve(a.isLeader || b.isLeader ? (a.isLeader ? a : b) : undefined), 10_000);
    const standby = leader === a ? b : a;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect([a.isLeader, b.isLeader].filter(Boolean)).toHaveLength(1);
    const lease = await cluster.get<{ spec: { holderIdentity: string } }>('/apis/coordination.k8s.io/v1/namespaces/murphy-system/leases/murphy-operator');
    expect(lease.spec.holderIdentity).toBe(leader.identity);
    await cluster.applyRun(testRun('election', 'one'));
    await waitFor('children by the leader', async () => (await listChildren(cluster.admin, 'election', 'one')).length === 15, 20_000);
    expect((await standby.metrics.writes.get()).values).toEqual([]);
    await cluster.stopOperator(leader);
    await waitFor('the standby leads', () => Promise.resolve(standby.isLeader), 5_000);
    await cluster.applyRun(testRun('election', 'two'));
    await waitFor('children by the new leader', async () => (await listChildren(cluster.admin, 'election', 'two')).length === 15, 20_000);
    await cluster.stopOperator(standby);
  }, 90_000);

  it('watches only the namespaces it is given', async () => {
    await cluster.createNamespace('watched');
    await cluster.createNamespace('ignored');
    const operator = await cluster.startOperator({ namespaces: ['watched'] });
    await cluster.applyRun(testRun('ignored', 'r'));
    await cluster.applyRun(testRun('watched', 'r'));
    await waitFor('children in the watched namespace', async () => (await listChildren(cluster.admin, 'watched', 'r')).length === 15, 20_000);
    expect(await listChildren(cluster.admin, 'ignored', 'r')).toEqual([]);
    expect((await cluster.getRun('ignored', 'r')).status).toBeUndefined();
    await cluster.stopOperator(operator);
  }, 60_000);

  it('runs as `murphy operator` and shuts down gracefully on SIGTERM, releasing its lease', async () => {
    const main = join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');
    expect(existsSync(main)).toBe(true); // `make build` (make test does it first)
    await cluster.createNamespace('process');
    const { file } = await cluster.plane.serviceAccountKubeConfig('murphy-system', 'murphy-operator');
    const child = spawn('node', [main, 'operator', '--kubeconfig', file, '--namespaces', 'process', '--metrics-port', '0', '--identity', 'process-1', '--leader-election-namespace', 'murphy-system'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await cluster.applyRun(testRun('process', 'r'));
    await waitFor('children by the process', async () => (await listChildren(cluster.admin, 'process', 'r')).length === 15, 60_000, 250);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('shutting down');
    const lease = await cluster.get<{ spec: { holderIdentity?: string } }>('/apis/coordination.k8s.io/v1/namespaces/murphy-system/leases/murphy-operator');
    expect(lease.spec.holderIdentity ?? '').toBe('');
  }, 90_000);
});

describe('PodSecurity admission', () => {
  const NS = 'restricted';
  beforeAll(async () => {
    await cluster.createNamespace(NS);
    await cluster.admin.request({ method: 'PATCH', path: `/api/v1/namespaces/${NS}`, body: { metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } }, contentType: 'application/merge-patch+json' });
  });

  /** The pods a run's workloads would create, as the API server's admission sees them (dry run). */
  async function admit(name: string, spec: Record<string, unknown>): Promise<string[]> {
    const loaded = validateMurphyRun(testRun(NS, name, spec));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const children = desiredChildren(loaded.runs[0] as ResolvedMurphyRun, { images: defaultImages, evaluationJobs: ['base', 'final'] });
    // Pods name their ServiceAccount, which must exist for admission.
    for (const account of children.filter((o) => o.kind === 'ServiceAccount')) await cluster.admin.request({ method: 'POST', path: `/api/v1/namespaces/${NS}/serviceaccounts`, body: account });
    const templates = children.flatMap((o) => ((o as V1Job).spec?.template?.spec ? [[o.metadata?.name ?? '', (o as V1Job).spec?.template] as const] : []));
    const admitted: string[] = [];
    for (const [owner, template] of templates) {
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `${owner}-probe`, labels: template?.metadata?.labels }, spec: template?.spec };
      await cluster.admin.request({ method: 'POST', path: `/api/v1/namespaces/${NS}/pods`, body: pod, query: { dryRun: 'All' } });
      admitted.push(owner);
    }
    return admitted;
  }

  it('admits every pod of a run in a namespace that enforces "restricted", and refuses a pod that is not', async () => {
    const evaluation = { datasets: [{ source: 'builtin:mini' }], baseModel: true };
    expect(await admit('plain', {})).toEqual(['plain-executor', 'plain-inference', 'plain-trainer', 'plain-coordinator']);
    const full = await admit('full', { model: { name: 'Qwen/Qwen3-1.7B', download: true }, dataset: { source: '/murphy/data/train.jsonl' }, evaluation, storage: { accessMode: 'ReadWriteMany' },
      tracking: { mlflow: { trackingUri: 'http://mlflow.mlflow.svc:5000' }, tensorboard: {}, credentialsSecret: 'tracker-login' } });
    expect(full).toEqual(['full-executor', 'full-inference', 'full-trainer', 'full-coordinator', 'full-eval-base', 'full-eval-final']);
    const bare = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
    const refused = await cluster.admin.request({ method: 'POST', path: `/api/v1/namespaces/${NS}/pods`, body: bare, query: { dryRun: 'All' } }).then(() => 'admitted', (e: Error) => e.message);
    expect(refused).toMatch(/violates PodSecurity "restricted/);
  });
});
