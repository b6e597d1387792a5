// What the operator watches for MurphyRuns: the runs, their children (only the ones it labelled as
// managed), the objects observed about the children (observed-kinds.ts), each change mapped to
// the run to reconcile, and under an `auto` executor RuntimeClass the RuntimeClass it looks for.
import type { KubernetesObject } from '@kubernetes/client-node';
import { API_GROUP, API_VERSION, KIND } from '../src/api/murphyrun.js';
import { RUNTIME_CLASS_API, RUNTIME_CLASS_SELECTOR } from './executor-runtime-class.js';
import { MANAGED_SELECTOR } from './names.js';
import { OBSERVED_KINDS } from './observed-kinds.js';
import type { RunKey } from './owner.js';
import type { InformerStore, Watch } from './runtime/informer-store.js';
import type { ObjectStore } from './runtime/object-store.js';

/** Kinds of the children. */
export const CHILD_KINDS: readonly (readonly [string, string])[] = [
  ['v1', 'ConfigMap'],
  ['v1', 'PersistentVolumeClaim'],
  ['v1', 'Service'],
  ['v1', 'ServiceAccount'],
  ['apps/v1', 'Deployment'],
  ['batch/v1', 'Job'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['rbac.authorization.k8s.io/v1', 'Role'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
];

export interface RunWatchHandlers {
  readonly onRun: (run: KubernetesObject) => void;
  readonly onChild: (child: KubernetesObject) => void;
  /** A pod or event observed about the children of `run` changed. */
  readonly onObserved: (run: RunKey) => void;
  /**
   * Set only under an `auto` executor RuntimeClass (other settings need no RuntimeClass, nor the
   * right to read them): the RuntimeClass auto looks for came or went, which concerns every run.
   */
  readonly onRuntimeClass?: (() => void) | undefined;
}

export function runWatches({ onRun, onChild, onObserved, onRuntimeClass }: RunWatchHandlers): Watch[] {
  return [
    { apiVersion: `${API_GROUP}/${API_VERSION}`, kind: KIND, onChange: onRun },
    ...CHILD_KINDS.map(([apiVersion, kind]) => ({ apiVersion, kind, labelSelector: MANAGED_SELECTOR, onChange: onChild })),
    ...OBSERVED_KINDS.map(({ apiVersion, kind, labelSelector, fieldSelector, runOf }) => ({
      apiVersion,
      kind,
      labelSelector,
      fieldSelector,
      onChange: (object: KubernetesObject, store: ObjectStore) => {
        const run = runOf(object, store);
        if (run) onObserved(run);
      },
    })),
    ...(onRuntimeClass ? [{ ...RUNTIME_CLASS_API, fieldSelector: RUNTIME_CLASS_SELECTOR, onChange: () => onRuntimeClass() }] : []),
  ];
}

/** Every MurphyRun in the watched namespaces. */
export const cachedRuns = (store: InformerStore): KubernetesObject[] => store.all(`${API_GROUP}/${API_VERSION}`, KIND);
