// Why a Pending claim is not provisioned, from the Warning events the PV controller or an external
// provisioner records on it (what `kubectl describe pvc` shows): the latest ProvisioningFailed or
// FailedBinding event of this very claim (its uid: a deleted claim of the same name does not count).
import type { CoreV1Event, V1PersistentVolumeClaim } from '@kubernetes/client-node';

export const CLAIM_FAILURE_REASONS: readonly string[] = ['ProvisioningFailed', 'FailedBinding'];

export interface ClaimWarning {
  readonly reason: string;
  readonly message: string;
}

const eventTime = (e: CoreV1Event): number => Date.parse(String(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp ?? '')) || 0;

export function claimWarning(claim: V1PersistentVolumeClaim, events: readonly CoreV1Event[]): ClaimWarning | undefined {
  const uid = claim.metadata?.uid;
  const latest = events
    .filter((e) => e.type === 'Warning' && CLAIM_FAILURE_REASONS.includes(e.reason ?? ''))
    .filter((e) => e.involvedObject.kind === 'PersistentVolumeClaim' && e.involvedObject.name === claim.metadata?.name && (uid === undefined || e.involvedObject.uid === uid))
    .sort((a, b) => eventTime(b) - eventTime(a))[0];
  return latest ? { reason: latest.reason ?? '', message: (latest.message ?? '').trim() } : undefined;
}
