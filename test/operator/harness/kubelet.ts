// No kubelet runs in the test cluster, so tests play it: they move the pods that the Deployment,
// ReplicaSet and Job controllers created to Running/Ready, Failed or Succeeded by writing pod
// status, exactly as a kubelet would report it (a container's exit code included; conditions that
// others set, such as DisruptionTarget, stay). The controllers then update their workloads.
import type { V1Pod } from '@kubernetes/client-node';
import type { KubeClient } from '../../../src/k8s/kube-client.js';

type Outcome = 'ready' | 'failed' | 'succeeded';

/** How a failed container ended, as the kubelet reports it (reason Error unless set). */
export interface Termination {
  readonly exitCode: number;
  readonly reason?: string;
  /** The termination message (the log's tail under FallbackToLogsOnError). */
  readonly message?: string;
}

const KUBELET_CONDITIONS = ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'];

function podStatus(pod: V1Pod, outcome: Outcome, now: string, failed: Termination) {
  const running = outcome === 'ready';
  const exitCode = outcome === 'failed' ? failed.exitCode : 0;
  const ending = exitCode ? { reason: failed.reason ?? 'Error', ...(failed.message === undefined ? {} : { message: failed.message }) } : { reason: 'Completed' };
  const condition = (type: string, status: boolean) => ({ type, status: status ? 'True' : 'False', lastTransitionTime: now });
  const others = (pod.status?.conditions ?? []).filter((c) => !KUBELET_CONDITIONS.includes(c.type));
  return {
    phase: running ? 'Running' : outcome === 'failed' ? 'Failed' : 'Succeeded',
    podIP: '10.244.0.10',
    startTime: now,
    conditions: [...others, condition('PodScheduled', true), condition('Initialized', true), condition('ContainersReady', running), condition('Ready', running)],
    containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
      name: c.name,
      image: c.image,
      imageID: '',
      ready: running,
      started: running,
      restartCount: 0,
      state: running ? { running: { startedAt: now } } : { terminated: { exitCode, ...ending, startedAt: now, finishedAt: now } },
    })),
  };
}

/** The matching pods; those being deleted only with `terminating` (a kubelet still reports them). */
export async function listPods(client: KubeClient, namespace: string, labelSelector: string, terminating = false): Promise<V1Pod[]> {
  const list = await client.request<{ items: V1Pod[] }>({ method: 'GET', path: `/api/v1/namespaces/${namespace}/pods`, query: { labelSelector } });
  return list.items.filter((p) => terminating || !p.metadata?.deletionTimestamp);
}

/** Reports one pod as `outcome` (a failed one with an exit code, 1 by default, or a whole Termination). */
export async function setPod(client: KubeClient, pod: V1Pod, outcome: Outcome, failed: number | Termination = 1): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  await client.request({
    method: 'PATCH',
    path: `/api/v1/namespaces/${pod.metadata?.namespace}/pods/${pod.metadata?.name}/status`,
    body: { status: podStatus(pod, outcome, now, typeof failed === 'number' ? { exitCode: failed } : failed) },
    contentType: 'application/merge-patch+json',
  });
}

/** Reports every matching pod as `outcome`; returns how many pods it changed. */
export async function setPods(client: KubeClient, namespace: string, labelSelector: string, outcome: Outcome): Promise<number> {
  const pods = (await listPods(client, namespace, labelSelector)).filter((p) => p.status?.phase === 'Pending' || p.status?.phase === 'Running');
  for (const pod of pods) await setPod(client, pod, outcome);
  return pods.length;
}
