// Writes a child only when the server does not already hold what we would apply, and replaces a
// Job whose (immutable) pod template changed. The informer cache may lag our own writes, so the
// object each apply returned is remembered and used when it is newer than the cached one.
import type { KubernetesObject, V1Job } from '@kubernetes/client-node';
import type { KubeClient } from '../src/k8s/kube-client.js';
import { isSemanticSubset } from '../src/k8s/semantic-subset.js';
import { deleteObject, serverSideApply } from '../src/k8s/server-side-apply.js';
import { TEMPLATE_HASH } from './builders/job-parts.js';
import { objectKey, type ObjectStore } from './runtime/object-store.js';
import { isTrue } from './status/conditions.js';

export const FIELD_MANAGER = 'murphy-operator';

export type WriteResult = 'unchanged' | 'applied' | 'replaced';

/** The newer of two versions of one object (etcd resourceVersions are increasing integers). */
export function newer<T extends KubernetesObject>(a: T | undefined, b: T | undefined): T | undefined {
  if (!a || !b) return a ?? b;
  if (a.metadata?.uid !== b.metadata?.uid) return a;
  const version = (o: T) => BigInt(o.metadata?.resourceVersion ?? '0');
  return version(b) > version(a) ? b : a;
}

export class ChildWriter {
  private readonly applied = new Map<string, KubernetesObject>();

  constructor(
    private readonly client: KubeClient,
    private readonly store: ObjectStore,
    private readonly onWrite: (verb: 'apply' | 'delete', object: KubernetesObject) => void = () => {},
  ) {}

  observed(desired: KubernetesObject): KubernetesObject | undefined {
    const { apiVersion = '', kind = '', metadata } = desired;
    const cached = this.store.get(apiVersion, kind, metadata?.namespace ?? '', metadata?.name ?? '');
    return newer(cached, cached ? this.applied.get(objectKey(desired)) : undefined);
  }

  /** Makes the server hold `desired`; `deleted` lists keys already deleted in this reconcile. */
  async ensure(desired: KubernetesObject, deleted: Set<string>): Promise<WriteResult> {
    const key = objectKey(desired);
    const observed = deleted.has(key) ? undefined : this.observed(desired);
    if (observed && (isFinishedJob(observed) || isSemanticSubset(desired, observed))) return 'unchanged';
    if (observed && needsReplacement(desired, observed)) {
      await this.remove(observed);
      deleted.add(key);
      await this.apply(desired);
      return 'replaced';
    }
    await this.apply(desired);
    return 'applied';
  }

  async remove(object: KubernetesObject): Promise<void> {
    this.onWrite('delete', object);
    await deleteObject(this.client, object, 'Background');
    this.applied.delete(objectKey(object));
  }

  /** Forgets the remembered objects of a run that is gone. */
  forget(namespace: string, name: string): void {
    for (const [key, object] of this.applied) {
      if (object.metadata?.namespace === namespace && object.metadata.ownerReferences?.some((r) => r.name === name)) this.applied.delete(key);
    }
  }

  private async apply(desired: KubernetesObject): Promise<void> {
    this.onWrite('apply', desired);
    const result = await serverSideApply(this.client, desired, { fieldManager: FIELD_MANAGER, force: true });
    this.applied.set(objectKey(desired), result);
  }
}

/** A finished Job is the record of how it ended; only a restart replaces it. */
function isFinishedJob(observed: KubernetesObject): boolean {
  if (observed.kind !== 'Job') return false;
  const conditions = (observed as V1Job).status?.conditions;
  return isTrue(conditions, 'Complete') || isTrue(conditions, 'Failed');
}

function needsReplacement(desired: KubernetesObject, observed: KubernetesObject): boolean {
  if (desired.kind !== 'Job') return false;
  return observed.metadata?.annotations?.[TEMPLATE_HASH] !== desired.metadata?.annotations?.[TEMPLATE_HASH];
}
