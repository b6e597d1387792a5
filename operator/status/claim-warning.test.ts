import { describe, expect, it } from '@jest/globals';
import type { CoreV1Event, V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { claimWarning } from './claim-warning.js';
import { claimReadiness } from './component-readiness.js';

const claim: V1PersistentVolumeClaim = { metadata: { name: 'r-checkpoints', uid: 'u1' }, spec: { accessModes: ['ReadWriteOnce'] }, status: { phase: 'Pending' } };

const event = (reason: string, message: string, at: string, { name = 'r-checkpoints', uid = 'u1', type = 'Warning' } = {}): CoreV1Event => ({
  metadata: { name: `e-${at}` },
  involvedObject: { kind: 'PersistentVolumeClaim', name, uid },
  type,
  reason,
  message,
  lastTimestamp: new Date(at),
});

describe('claimWarning', () => {
  it("is the latest provisioning failure of this claim, ignoring other claims, other uids and Normal events", () => {
    const events = [
      event('ProvisioningFailed', 'older', '2030-01-01T00:00:00Z'),
      event('ProvisioningFailed', 'storageclass.storage.k8s.io "fast" not found', '2030-01-01T00:01:00Z'),
      event('ProvisioningFailed', 'a deleted claim', '2030-01-01T00:02:00Z', { uid: 'u0' }),
      event('ProvisioningFailed', 'another claim', '2030-01-01T00:02:00Z', { name: 'x' }),
      event('ExternalProvisioning', 'waiting', '2030-01-01T00:03:00Z', { type: 'Normal' }),
    ];
    expect(claimWarning(claim, events)).toEqual({ reason: 'ProvisioningFailed', message: 'storageclass.storage.k8s.io "fast" not found' });
    expect(claimWarning(claim, events.slice(2))).toBeUndefined();
  });

  it('turns a Pending StorageReady into the failure, while Bound wins', () => {
    const warning = { reason: 'ProvisioningFailed', message: 'storageclass.storage.k8s.io "fast" not found' };
    expect(claimReadiness(claim, 'r-checkpoints', true, warning)).toMatchObject({ ready: false, reason: 'ProvisioningFailed', message: expect.stringContaining('r-checkpoints is Pending: storageclass.storage.k8s.io "fast" not found') });
    expect(claimReadiness({ ...claim, status: { phase: 'Bound' } }, 'r-checkpoints', true, warning)).toMatchObject({ ready: true, reason: 'Bound' });
    expect(claimReadiness(claim, 'r-checkpoints', true)).toMatchObject({ reason: 'Pending' });
  });
});
