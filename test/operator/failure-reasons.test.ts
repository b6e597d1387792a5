// Why a run is not well reaches its status, against a real API server, Job controller and the
// operator's shipped RBAC: how a failed trainer or coordinator container ended (the kubelet's
// report, written through the pod status subresource) and why a claim is not provisioned (the
// Warning event the PV controller records on it).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { defaultImages } from '../../operator/images.js';
import { TestCluster, type RunObject } from './harness/cluster.js';
import { setPod } from './harness/kubelet.js';
import { waitFor } from './harness/processes.js';
import { bringUp, createRun, onePod, selector } from './harness/runs.js';

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await TestCluster.start();
  // One restart, with a wait long enough to read the Restarting condition.
  await cluster.startOperator({ settings: { images: defaultImages, restartLimit: 1, restartBackoffMs: 3_000 } });
}, 180_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

const condition = (run: RunObject, type: string) => run.status?.conditions?.find((c) => c.type === type);

async function eventsOf(ns: string, reason: string): Promise<string[]> {
  const events = await cluster.get<{ items: { reason: string; message: string; involvedObject: { kind: string } }[] }>(`/api/v1/namespaces/${ns}/events`);
  return events.items.filter((e) => e.involvedObject.kind === 'MurphyRun' && e.reason === reason).map((e) => e.message);
}

/** 40 lines of a trainer's log ending in its error, as FallbackToLogsOnError puts it in the termination message. */
const TRAINER_LOG = [...Array.from({ length: 39 }, (_, i) => `step ${i}: loss 0.${i} ${'.'.repeat(60)}`), 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB'].join('\n');

describe('a failed container reaches the run status', () => {
  it('the Restarting condition and event, then the Failed condition and event, carry reason, exit code and the message tail', async () => {
    const ns = 'container-ends';
    await createRun(cluster, ns, 'r');
    await bringUp(cluster, ns, 'r');
    const trainer = await onePod(cluster, ns, selector('r', 'trainer'));
    await setPod(cluster.admin, trainer, 'failed', { exitCode: 137, reason: 'OOMKilled', message: TRAINER_LOG });

    const restarting = await cluster.waitForRun(ns, 'r', 'Restarting', (r) => condition(r, 'TrainerReady')?.reason === 'Restarting');
    const message = condition(restarting, 'TrainerReady')?.message ?? '';
    expect(message).toContain(`r-trainer failed (BackoffLimitExceeded`);
    expect(message).toContain(`container trainer of pod ${trainer.metadata?.name} ended: OOMKilled, exit code 137, message: "`);
    expect(message).toContain('torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB"');
    // Only the log's last lines: the tail is at most 400 characters of the 2.8 kB log.
    expect(message).not.toContain('step 0:');
    expect(message).toContain('step 38:');
    expect(message.length).toBeLessThan(TRAINER_LOG.length / 3);

    const [event] = await waitFor('Restarting event', async () => {
      const found = await eventsOf(ns, 'Restarting');
      return found.length > 0 ? found : undefined;
    }, 30_000, 200);
    expect(event).toMatch(/^r-trainer failed \(BackoffLimitExceeded.*\); container trainer of pod \S+ ended: OOMKilled, exit code 137, message: "/s);
    expect(event).toContain('CUDA out of memory. Tried to allocate 2.00 GiB"; restart 1 of 1 from the last checkpoint');

    // The trainer restarted; now the coordinator (which went on) fails, past the restart limit.
    await cluster.waitForRun(ns, 'r', 'restart 1', (r) => r.status?.restartCount === 1);
    const coordinator = await onePod(cluster, ns, selector('r', 'coordinator'));
    await setPod(cluster.admin, coordinator, 'failed', { exitCode: 2, message: 'murphy coordinator: spec.training.maxSteps must be positive\n' });
    const failed = await cluster.waitForRun(ns, 'r', 'Failed', (r) => r.status?.phase === 'Failed');
    expect(condition(failed, 'Failed')).toMatchObject({
      reason: 'RestartLimitExceeded',
      message: expect.stringMatching(new RegExp(`^r-coordinator failed \\(BackoffLimitExceeded.*\\); container coordinator of pod ${coordinator.metadata?.name} ended: Error, exit code 2, message: "murphy coordinator: spec.training.maxSteps must be positive"; gave up after 1 restarts`)),
    });
    const failedEvents = await waitFor('Failed event', async () => {
      const found = await eventsOf(ns, 'Failed');
      return found.length > 0 ? found : undefined;
    }, 30_000, 200);
    expect(failedEvents).toEqual([expect.stringContaining('ended: Error, exit code 2, message: "murphy coordinator: spec.training.maxSteps must be positive"')]);
  }, 150_000);
});

describe("a claim's provisioning failure reaches StorageReady", () => {
  it('the Warning event the PV controller records on the claim becomes the reason and message', async () => {
    const ns = 'provisioning';
    await createRun(cluster, ns, 'r');
    const pending = await cluster.waitForRun(ns, 'r', 'StorageReady Pending', (r) => condition(r, 'StorageReady')?.reason === 'Pending');
    expect(condition(pending, 'StorageReady')?.status).toBe('False');
    const claim = await cluster.get<V1PersistentVolumeClaim>(`/api/v1/namespaces/${ns}/persistentvolumeclaims/r-checkpoints`);
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await cluster.admin.request({
      method: 'POST',
      path: `/api/v1/namespaces/${ns}/events`,
      body: {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'r-checkpoints.provisioning', namespace: ns },
        involvedObject: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: 'r-checkpoints', namespace: ns, uid: claim.metadata?.uid, resourceVersion: claim.metadata?.resourceVersion },
        type: 'Warning',
        reason: 'ProvisioningFailed',
        message: 'storageclass.storage.k8s.io "fast" not found',
        source: { component: 'persistentvolume-controller' },
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      },
    });
    const failed = await cluster.waitForRun(ns, 'r', 'StorageReady ProvisioningFailed', (r) => condition(r, 'StorageReady')?.reason === 'ProvisioningFailed');
    expect(condition(failed, 'StorageReady')).toMatchObject({
      status: 'False',
      message: expect.stringMatching(/^r-checkpoints is Pending: storageclass.storage.k8s.io "fast" not found \(check spec.storage.storageClassName/),
    });
  }, 120_000);
});
