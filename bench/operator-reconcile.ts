// The operator on a real kube-apiserver + etcd (no controller manager: no pods are wanted).
//   create -> all children applied: from the MurphyRun's create to the last child's create, both
//     timestamped by the API server's audit log (microseconds), p50/p90 over 20 runs. Target 0.5 s.
//   idle writes: the operator's writes per minute with 50 MurphyRuns that changed nothing,
//     from the audit log (target 0), with the leader Lease's renewals counted apart.
// Run after `make build`: node dist/bench/operator-reconcile.js [idle seconds, default 60]
import { ControlPlane, type AuditEvent } from '../test/operator/harness/control-plane.js';
import { installOperatorRbac } from '../test/operator/harness/install.js';
import { waitFor } from '../test/operator/harness/processes.js';
import { testRun } from '../test/operator/harness/cluster.js';
import { serverSideApply } from '../src/k8s/server-side-apply.js';
import { Operator } from '../operator/operator.js';
import { defaultImages } from '../operator/images.js';

const RUNS = 20;
const IDLE_RUNS = 50;
const CHILDREN = 15;
const TARGET_SECONDS = 0.5;
const OPERATOR_USER = 'system:serviceaccount:murphy-system:murphy-operator';
const idleSeconds = Number(process.argv[2] ?? 60);

/** Seconds, with the audit log's microseconds (Date.parse keeps only milliseconds). */
function timeOf(event: AuditEvent): number {
  const [whole, fraction = '0'] = event.requestReceivedTimestamp.replace('Z', '').split('.');
  return Date.parse(`${whole}Z`) / 1000 + Number(`0.${fraction}`);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

function creates(events: AuditEvent[], namespace: string): AuditEvent[] {
  return events.filter((e) => e.objectRef?.namespace === namespace && (e.verb === 'create' || e.verb === 'patch') && !e.objectRef?.subresource && (e.responseStatus?.code ?? 0) < 300);
}

async function createToChildren(plane: ControlPlane, namespace: string): Promise<number[]> {
  await plane.admin.request({ method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } } });
  for (let i = 0; i < RUNS; i++) {
    await serverSideApply(plane.admin, testRun(namespace, `r${i}`), { fieldManager: 'bench', force: true });
    await waitFor(`children of r${i}`, () => Promise.resolve(creates(plane.auditEvents(), namespace).filter((e) => e.objectRef?.name?.startsWith(`r${i}-`)).length >= CHILDREN), 30_000, 20);
  }
  const events = creates(plane.auditEvents(), namespace);
  return Array.from({ length: RUNS }, (_, i) => {
    const start = events.find((e) => e.objectRef?.resource === 'murphyruns' && e.objectRef.name === `r${i}`) as AuditEvent;
    const children = events.filter((e) => e.user.username === OPERATOR_USER && e.objectRef?.name?.startsWith(`r${i}-`));
    return Math.max(...children.map(timeOf)) - timeOf(start);
  });
}

async function idleWrites(plane: ControlPlane, namespace: string): Promise<{ writes: number; leases: number }> {
  await plane.admin.request({ method: 'POST', path: '/api/v1/namespaces', body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } } });
  for (let i = 0; i < IDLE_RUNS; i++) await serverSideApply(plane.admin, testRun(namespace, `idle${i}`), { fieldManager: 'bench', force: true });
  const statusWrites = () => plane.auditEvents().filter((e) => e.objectRef?.namespace === namespace && e.objectRef.subresource === 'status').length;
  await waitFor('50 runs with status', () => Promise.resolve(statusWrites() >= IDLE_RUNS), 120_000, 200);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const before = plane.auditEvents().length;
  await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
  const window = plane.auditEvents().slice(before).filter((e) => e.user.username === OPERATOR_USER);
  const perMinute = (n: number) => (n * 60) / idleSeconds;
  return { writes: perMinute(window.filter((e) => e.objectRef?.resource !== 'leases').length), leases: perMinute(window.filter((e) => e.objectRef?.resource === 'leases').length) };
}

async function main(): Promise<void> {
  const started = Date.now();
  const plane = await ControlPlane.start({ controllerManager: false });
  console.log(`control plane (etcd + kube-apiserver, CRD installed) up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await installOperatorRbac(plane.admin);
  const { kubeConfig } = await plane.serviceAccountKubeConfig('murphy-system', 'murphy-operator');
  const operator = new Operator({
    kubeConfig,
    settings: { images: defaultImages, restartLimit: 3, restartBackoffMs: 10_000 },
    leaderElection: { namespace: 'murphy-system' },
    log: () => {},
  });
  await operator.start();
  await waitFor('leadership', () => Promise.resolve(operator.isLeader && operator.controller.ready), 30_000);
  try {
    const latencies = await createToChildren(plane, 'bench-create');
    const p50 = percentile(latencies, 0.5);
    console.log(`create -> all ${CHILDREN} children applied, ${RUNS} runs: p50 ${p50.toFixed(3)} s, p90 ${percentile(latencies, 0.9).toFixed(3)} s, max ${Math.max(...latencies).toFixed(3)} s`);
    console.log(`  p50 / target (${TARGET_SECONDS} s) = ${(p50 / TARGET_SECONDS).toFixed(2)} (below 1 meets the target)`);
    const idle = await idleWrites(plane, 'bench-idle');
    console.log(`idle: ${IDLE_RUNS} MurphyRuns for ${idleSeconds} s: ${idle.writes.toFixed(1)} operator writes/min (target 0); leader Lease renewals ${idle.leases.toFixed(1)}/min`);
  } finally {
    await operator.stop();
    await plane.stop();
  }
}

await main();
