// A stopped coordinator never finishes a run: against a real API server and Job controller, with
// the test playing kubelet and, where it matters, running the real `murphy coordinator` process
// (against scripted gRPC services on loopback, reporting progress with its own ServiceAccount).
// SIGTERM mid-step or between steps, a pod deletion and an eviction each replace the pod without
// counting a failure, and the run succeeds only on the coordinator's report of its last step.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { COORDINATOR_EXIT } from '../../src/coordinator/exit-codes.js';
import { program, ScriptedServices } from '../coordinator/scripted-services.js';
import { startCoordinator, stopAll, type CoordinatorProcess } from '../coordinator/coordinator-process.js';
import { TestCluster, type RunObject } from './harness/cluster.js';
import { listPods, setPod } from './harness/kubelet.js';
import { waitFor } from './harness/processes.js';
import { bringUp, createRun, onePod, reportLastStep, selector } from './harness/runs.js';

let cluster: TestCluster;
let services: ScriptedServices | null = null;
let running: CoordinatorProcess | null = null;

beforeAll(async () => {
  cluster = await TestCluster.start();
  await cluster.startOperator();
}, 180_000);

afterEach(async () => {
  await stopAll(running, services);
  running = null;
  services = null;
});

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

const STEPS = 3;
const COORDINATOR = selector('r', 'coordinator');
const SPEC = { algorithm: { turns: 2, generations: [2, 2] }, training: { maxSteps: STEPS, promptsPerStep: 2, checkpointInterval: 100 } };
const job = (ns: string) => cluster.get<V1Job>(`/apis/batch/v1/namespaces/${ns}/jobs/r-coordinator`);
const condition = (run: RunObject, type: string) => run.status?.conditions?.find((c) => c.type === type);

/** The coordinator process as the pod runs it: the run's own config, its ServiceAccount, its progress ConfigMap. */
async function coordinatorProcess(ns: string, stateDir: string): Promise<CoordinatorProcess> {
  services ??= await new ScriptedServices({ policy: () => program('0101'), latencyMs: { train: 500 } }).start();
  const config = await cluster.get<{ data: Record<string, string> }>(`/api/v1/namespaces/${ns}/configmaps/r-config`);
  const file = join(stateDir, 'run.yaml');
  writeFileSync(file, config.data['run.yaml'] ?? '');
  const { file: kubeconfig } = await cluster.plane.serviceAccountKubeConfig(ns, 'r-coordinator');
  const env = { ...process.env, KUBECONFIG: kubeconfig, MURPHY_PROGRESS_CONFIGMAP: 'r-progress', MURPHY_NAMESPACE: ns };
  running = startCoordinator(services.address, file, join(stateDir, 'state'), { env });
  return running;
}

/** The Job replaced `old` with a fresh pod, counted no failure, and the run is still Running. */
async function expectReplaced(ns: string, old: V1Pod): Promise<V1Pod> {
  const fresh = await onePod(cluster, ns, COORDINATOR, old.metadata?.name);
  const j = await job(ns);
  expect(j.status?.conditions?.filter((c) => c.status === 'True').map((c) => c.type) ?? []).toEqual([]);
  const run = await cluster.getRun(ns, 'r');
  expect(run.status).toMatchObject({ phase: 'Running', restartCount: 0 });
  expect(condition(run, 'Complete')?.status).toBe('False');
  return fresh;
}

/** Plays kubelet for the replacement to the end: a real coordinator that finishes, then Succeeded. */
async function finishWithRealCoordinator(ns: string, pod: V1Pod, stateDir: string): Promise<RunObject> {
  await setPod(cluster.admin, pod, 'ready');
  const c = await coordinatorProcess(ns, stateDir);
  const finished = await c.waitForLine(/finished at step/, 90_000);
  const exit = await c.exited;
  // Its connections to the API server and the services hold nothing: it exits at once.
  expect(exit.at - finished).toBeLessThan(1_500);
  expect({ exit: exit.code, log: c.lines.filter((l) => /resuming|finished/.test(l)) }).toEqual({ exit: COORDINATOR_EXIT.finished, log: [expect.stringMatching(/resuming after step/), `murphy coordinator: finished at step ${STEPS}/${STEPS}`] });
  await setPod(cluster.admin, pod, 'succeeded');
  const done = await cluster.waitForRun(ns, 'r', 'Succeeded', (r) => r.status?.phase === 'Succeeded');
  // The finished coordinator's Job is left to complete (not suspended): its pod and logs stay.
  expect((await job(ns)).spec?.suspend).toBe(false);
  await waitFor('the coordinator Job complete', async () => (await job(ns)).status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True'), 30_000);
  expect(done.status).toMatchObject({ step: STEPS, totalSteps: STEPS, restartCount: 0, lastCheckpoint: { step: STEPS } });
  expect(services?.trainCalls.map((t) => t.policyVersion)).toEqual([0, 1, 2]);
  return done;
}

describe('a stopped coordinator never finishes the run', () => {
  it.each([
    ['mid-step', 250],
    ['between steps', 0],
  ])('SIGTERM %s: the process exits "interrupted", the Job replaces the pod, the replacement resumes and finishes', async (when, delayMs) => {
    const ns = `sigterm-${when.replace(/ /g, '-')}`;
    await createRun(cluster, ns, 'r', SPEC);
    await bringUp(cluster, ns, 'r');
    const stateDir = mkdtempSync(join(tmpdir(), 'murphy-interrupt-'));
    const first = await onePod(cluster, ns, COORDINATOR);
    const c = await coordinatorProcess(ns, stateDir);
    await c.waitForLine(/step 1\/3/);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    c.child.kill('SIGTERM');
    const exit = await c.exited;
    expect(exit.code).toBe(COORDINATOR_EXIT.interrupted);
    const reported = await cluster.waitForRun(ns, 'r', 'a reported step', (r) => (r.status?.step ?? 0) >= 1);
    expect(reported.status?.step).toBeLessThan(STEPS);
    await setPod(cluster.admin, first, 'failed', exit.code ?? -1);
    const fresh = await expectReplaced(ns, first);
    await finishWithRealCoordinator(ns, fresh, stateDir);
  }, 150_000);

  it('a deleted pod is replaced only once it has ended, and its "interrupted" exit counts no failure', async () => {
    await createRun(cluster, 'deleted', 'r', SPEC);
    await bringUp(cluster, 'deleted', 'r');
    const first = await onePod(cluster, 'deleted', COORDINATOR);
    await cluster.admin.request({ method: 'DELETE', path: `/api/v1/namespaces/deleted/pods/${first.metadata?.name}` });
    // Terminating (the Job's tracking finalizer keeps it) but not ended: no second coordinator yet.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const pods = await listPods(cluster.admin, 'deleted', selector('r', 'coordinator'), true);
    expect(pods.map((p) => [p.metadata?.name, p.metadata?.deletionTimestamp !== undefined])).toEqual([[first.metadata?.name, true]]);
    await setPod(cluster.admin, pods[0] as V1Pod, 'failed', COORDINATOR_EXIT.interrupted);
    await expectReplaced('deleted', first);
  }, 120_000);

  it('an evicted pod (DisruptionTarget) is replaced without counting a failure, whatever its exit code', async () => {
    await createRun(cluster, 'evicted', 'r', SPEC);
    await bringUp(cluster, 'evicted', 'r');
    const first = await onePod(cluster, 'evicted', COORDINATOR);
    const name = first.metadata?.name ?? '';
    await cluster.admin.request({ method: 'POST', path: `/api/v1/namespaces/evicted/pods/${name}/eviction`, body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: 'evicted' } } });
    const evicted = await waitFor('DisruptionTarget', async () => {
      const [pod] = await listPods(cluster.admin, 'evicted', selector('r', 'coordinator'), true);
      return pod?.status?.conditions?.some((c) => c.type === 'DisruptionTarget' && c.status === 'True') ? pod : undefined;
    }, 30_000);
    // Killed at the end of its grace period: 137, which alone would be a failure.
    await setPod(cluster.admin, evicted, 'failed', 137);
    await expectReplaced('evicted', first);
  }, 120_000);

  it('a coordinator that exits 0 before its last step does not finish the run, and is restarted', async () => {
    await createRun(cluster, 'early', 'r', SPEC);
    await bringUp(cluster, 'early', 'r');
    await setPod(cluster.admin, await onePod(cluster, 'early', COORDINATOR), 'succeeded');
    await waitFor('Job Complete', async () => (await job('early')).status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True'), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const run = await cluster.getRun('early', 'r');
    expect(run.status?.phase).toBe('Running');
    expect(condition(run, 'Complete')?.status).toBe('False');
    // After the report's grace, a restart like any failed coordinator.
    const restarted = await waitFor('restart', async () => {
      const r = await cluster.getRun('early', 'r');
      return r.status?.restartCount === 1 ? r : undefined;
    }, 90_000, 500);
    expect(restarted.status?.phase).not.toBe('Succeeded');
    const events = await cluster.get<{ items: { reason: string; message: string }[] }>('/api/v1/namespaces/early/events');
    expect(events.items.find((e) => e.reason === 'Restarting')?.message).toMatch(/r-coordinator completed before its first step without reporting the run's last step/);
  }, 150_000);

  it('a finishing run goes Running -> Succeeded, never back to Initializing', async () => {
    await createRun(cluster, 'finish', 'r', SPEC);
    await bringUp(cluster, 'finish', 'r');
    const phases: string[] = [];
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const phase = (await cluster.getRun('finish', 'r')).status?.phase ?? '';
        if (phases.at(-1) !== phase) phases.push(phase);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    // The finishing pod stops being ready first (its health endpoint goes away), then it reports.
    const pod = await onePod(cluster, 'finish', COORDINATOR);
    await cluster.admin.request({ method: 'PATCH', path: `/api/v1/namespaces/finish/pods/${pod.metadata?.name}/status`, body: { status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'ContainersReady', status: 'False' }] } }, contentType: 'application/strategic-merge-patch+json' });
    await waitFor('coordinator not ready', async () => condition(await cluster.getRun('finish', 'r'), 'CoordinatorReady')?.status === 'False', 30_000);
    await reportLastStep(cluster, 'finish', 'r', STEPS);
    await cluster.waitForRun('finish', 'r', 'Succeeded', (r) => r.status?.phase === 'Succeeded');
    watching = false;
    await watch;
    expect(phases).toEqual(['Running', 'Succeeded']);
  }, 120_000);
});
