import { describe, expect, it } from '@jest/globals';
import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { resumablePods } from '../builders/job-parts.js';
import { describeEnding, failedPodEnding, MESSAGE_TAIL, messageTail } from './pod-termination.js';

const job: V1Job = { metadata: { name: 'r-trainer', uid: 'job-uid' }, spec: { template: {}, ...resumablePods({ container: 'trainer', exitCode: 75 }) } };

function pod(name: string, exitCode: number, finishedAt: string, extra: { reason?: string; message?: string; disrupted?: boolean; owner?: string } = {}): V1Pod {
  return {
    metadata: { name, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'r-trainer', uid: extra.owner ?? 'job-uid' }] },
    status: {
      phase: 'Failed',
      conditions: extra.disrupted ? [{ type: 'DisruptionTarget', status: 'True' }] : [],
      containerStatuses: [{ name: 'trainer', image: 'i', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode, reason: extra.reason ?? 'Error', finishedAt: new Date(finishedAt), ...(extra.message ? { message: extra.message } : {}) } } }],
    },
  };
}

describe('failedPodEnding', () => {
  it('names the pod that failed the Job: the first counted failure of its own pods', () => {
    const pods = [
      pod('disrupted', 137, '2030-01-01T00:00:00Z', { disrupted: true }),
      pod('interrupted', 75, '2030-01-01T00:00:01Z'),
      pod('other-job', 1, '2030-01-01T00:00:02Z', { owner: 'another' }),
      pod('stopped-after', 143, '2030-01-01T00:00:09Z'),
      pod('oom', 137, '2030-01-01T00:00:05Z', { reason: 'OOMKilled', message: 'killed' }),
    ];
    expect(failedPodEnding(job, pods)).toMatchObject({ pod: 'oom', container: 'trainer', reason: 'OOMKilled', exitCode: 137, message: 'killed' });
    expect(failedPodEnding(job, pods.slice(0, 3))).toBeUndefined();
  });

  it('falls back to the pod status reason of a pod that failed without a failed container', () => {
    const evicted: V1Pod = { metadata: { name: 'p', ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'r-trainer', uid: 'job-uid' }] }, status: { phase: 'Failed', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' } };
    expect(describeEnding(failedPodEnding(job, [evicted]) ?? { pod: '', reason: '', message: '', finishedAt: 0 })).toBe('pod p ended: DeadlineExceeded, message: "Pod was active on the node longer than the specified deadline"');
  });
});

describe('describeEnding', () => {
  it('says reason, exit code and the end of the message, truncated', () => {
    expect(describeEnding({ pod: 'p', container: 'trainer', reason: 'Error', exitCode: 1, message: 'boom\n', finishedAt: 0 })).toBe('container trainer of pod p ended: Error, exit code 1, message: "boom"');
    expect(describeEnding({ pod: 'p', container: 'trainer', reason: 'OOMKilled', exitCode: 137, message: '', finishedAt: 0 })).toBe('container trainer of pod p ended: OOMKilled, exit code 137');
    const long = Array.from({ length: 40 }, (_, i) => `line ${i} ${'x'.repeat(100)}`).join('\n');
    const tail = messageTail(long);
    expect(tail.length).toBe(MESSAGE_TAIL.chars);
    expect(tail.startsWith('...')).toBe(true);
    expect(tail.endsWith(`line 39 ${'x'.repeat(100)}`)).toBe(true);
    expect(messageTail('a\nb\nc\nd\ne\nf\ng')).toBe('c\nd\ne\nf\ng');
  });
});
