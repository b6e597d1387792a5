// Deterministic names and labels of a run's children. Names stay within the 63-character DNS label
// limit with room for the suffixes Kubernetes adds (pod hashes, indexed-Job ordinals): a long run
// name is shortened and made unique again with a hash.
import { createHash } from 'node:crypto';

export type Component = 'config' | 'storage' | 'inference' | 'executor' | 'trainer' | 'coordinator' | 'evaluation';

/** What an evaluation Job evaluates: the model before training, or the trained one. */
export type EvalLabel = 'base' | 'final';

export const MANAGED_BY = 'murphy-operator';
export const RUN_LABEL = 'murphy.dev/run';
export const COMPONENT_LABEL = 'app.kubernetes.io/component';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
/** Label selector of everything the operator creates (its informers watch only these). */
export const MANAGED_SELECTOR = `${MANAGED_BY_LABEL}=${MANAGED_BY}`;

const MAX_CHILD_NAME = 52;

export function childName(run: string, suffix: string): string {
  const full = `${run}-${suffix}`;
  if (full.length <= MAX_CHILD_NAME) return full;
  const hash = createHash('sha256').update(run).digest('hex').slice(0, 6);
  const keep = MAX_CHILD_NAME - suffix.length - hash.length - 2;
  return `${run.slice(0, keep).replace(/-+$/, '')}-${hash}-${suffix}`;
}

export interface ChildNames {
  readonly config: string;
  readonly progress: string;
  readonly checkpoints: string;
  readonly inference: string;
  readonly executor: string;
  readonly trainer: string;
  readonly coordinator: string;
  /** The evaluation Jobs' report ConfigMap, and their ServiceAccount, Role and RoleBinding. */
  readonly evaluation: string;
  readonly evalJob: (label: EvalLabel) => string;
}

export function childNames(run: string): ChildNames {
  return {
    config: childName(run, 'config'),
    progress: childName(run, 'progress'),
    checkpoints: childName(run, 'checkpoints'),
    inference: childName(run, 'inference'),
    executor: childName(run, 'executor'),
    trainer: childName(run, 'trainer'),
    coordinator: childName(run, 'coordinator'),
    evaluation: childName(run, 'evaluation'),
    evalJob: (label) => childName(run, `eval-${label}`),
  };
}

/** Labels that select a component's pods (kept small and stable: selectors are immutable). */
export function selectorLabels(run: string, component: Component): Record<string, string> {
  return { [RUN_LABEL]: run, [COMPONENT_LABEL]: component };
}

export function componentLabels(run: string, component: Component): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'murphy',
    'app.kubernetes.io/instance': run,
    [MANAGED_BY_LABEL]: MANAGED_BY,
    ...selectorLabels(run, component),
  };
}
