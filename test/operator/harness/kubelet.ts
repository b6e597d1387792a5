// No kubelet runs in the test cluster, so tests play it: they move the pods that the Deployment,
// ReplicaSet and Job controllers created to Running/Ready, Failed or Succeeded by writing pod
// status, exactly as a kubelet would report it. The controllers then update their workloads.
import type { V1Pod } from '@kubernetes/client-node';
import type { KubeClient } from '../../../src/k8s/kube-client.js';

type Outcome = 'ready' | 'failed' | 'succeeded';

function podStatus(pod: V1Pod, outcome: Outcome, now: string) {
  const running = outcome === 'ready';
  const exitCode = outcome === 'failed' ? 1 : 0;
  const condition = (type: string, status: boolean) => ({ type, status: status ? 'True' : 'False', lastTransitionTime: now });
  return {
    phase: running ? 'Running' : outcome === 'failed' ? 'Failed' : 'Succeeded',
    podIP: '10.244.0.10',
    startTime: now,
    conditions: [condition('PodScheduled', true), condition('Initialized', true), condition('ContainersReady', running), condition('Ready', running)],
    containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
      name: c.name,
      image: c.image,
      imageID: '',
      ready: running,
      started: running,
      restartCount: 0,
      state: running ? { running: { startedAt: now } } : { terminated: { exitCode, reason: exitCode ? 'Error' : 'Completed', startedAt: now, finishedAt: now } },
    })),
  };
}

export async function listPods(client: KubeClient, namespace: string, labelSelector: string): Promise<V1Pod[]> {
  const list = await client.request<{ items: V1Pod[] }>({ method: 'GET', path: `/api/v1/namespaces/${namespace}/pods`, query: { labelSelector } });
  return list.items.filter((p) => !p.metadata?.deletionTimestamp);
}

/** Reports every matching pod as `outcome`; returns how many pods it changed. */
export async function setPods(client: KubeClient, namespace: string, labelSelector: string, outcome: Outcome): Promise<number> {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const pods = (await listPods(client, namespace, labelSelector)).filter((p) => p.status?.phase === 'Pending' || p.status?.phase === 'Running');
  for (const pod of pods) {
    await client.request({
      method: 'PATCH',
      path: `/api/v1/namespaces/${namespace}/pods/${pod.metadata?.name}/status`,
      body: { status: podStatus(pod, outcome, now) },
      contentType: 'application/merge-patch+json',
    });
  }
  return pods.length;
}
