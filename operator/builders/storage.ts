// Checkpoint storage: a PersistentVolumeClaim owned by the run, unless the user names their own
// claim (then murphy creates nothing and never deletes it). ReadWriteMany because the trainer,
// the coordinator and inference (which loads new weights) mount it from different nodes.
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
        accessModes: ['ReadWriteMany'],
        resources: { requests: { storage: storage.size } },
        ...(storage.storageClassName ? { storageClassName: storage.storageClassName } : {}),
      },
    },
  ];
}
