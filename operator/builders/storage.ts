// Checkpoint storage: a PersistentVolumeClaim owned by the run, unless the user names their own
// claim (then murphy creates nothing and never deletes it), with spec.storage.accessMode:
// ReadWriteOnce keeps the pods that mount it on one node (see run-volume.ts), ReadWriteMany lets
// the trainer, the coordinator and inference mount it from different nodes.
import type { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import type { BuildContext } from './build-context.js';
import { childMeta } from './object-meta.js';

export function checkpointClaims(ctx: BuildContext): V1PersistentVolumeClaim[] {
  const storage = ctx.run.spec.storage;
  if (storage.claimName) return [];
  return [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: childMeta(ctx, ctx.names.checkpoints, 'storage'),
      spec: {
        accessModes: [storage.accessMode],
        resources: { requests: { storage: storage.size } },
        ...(storage.storageClassName ? { storageClassName: storage.storageClassName } : {}),
      },
    },
  ];
}
