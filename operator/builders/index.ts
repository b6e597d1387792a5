// Every child of a run, in the order the operator applies them: config and storage before the
// workloads that mount them, services before the clients that dial them, the coordinator and the
// evaluation Jobs last.
// `murphy render` prints exactly this list; the operator applies exactly this list.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { ResolvedMurphyRun } from '../../src/api/load.js';
import type { Component } from '../names.js';
import { buildContext, type BuildContext, type BuildOptions } from './build-context.js';
import { coordinatorChildren } from './coordinator.js';
import { evaluationChildren } from './evaluation.js';
import { executorChildren } from './executor.js';
import { inferenceChildren } from './inference.js';
import { runConfigMap } from './run-config.js';
import { contentHash } from './hash.js';
import { checkpointClaims } from './storage.js';
import { trainerChildren } from './trainer.js';

export interface ComponentBuilder {
  readonly component: Component;
  readonly build: (ctx: BuildContext) => KubernetesObject[];
}

export const componentBuilders: readonly ComponentBuilder[] = [
  { component: 'config', build: (ctx) => [runConfigMap(ctx)] },
  { component: 'storage', build: checkpointClaims },
  { component: 'executor', build: executorChildren },
  { component: 'inference', build: inferenceChildren },
  { component: 'trainer', build: trainerChildren },
  { component: 'coordinator', build: coordinatorChildren },
  { component: 'evaluation', build: evaluationChildren },
];

export interface DesiredComponent {
  readonly component: Component;
  readonly objects: KubernetesObject[];
}

export const DESIRED_HASH = 'murphy.dev/desired-hash';

/**
 * Stamps the hash of what murphy wants on each child. The operator skips a write when the server
 * already holds every desired field; a field murphy stopped setting would pass that test, but
 * it changes this hash, so the child is applied and server-side apply removes the field.
 */
function stampDesiredHash(object: KubernetesObject): KubernetesObject {
  const annotations = { ...object.metadata?.annotations, [DESIRED_HASH]: contentHash(object) };
  return { ...object, metadata: { ...object.metadata, annotations } };
}

export function desiredComponents(run: ResolvedMurphyRun, options: BuildOptions): DesiredComponent[] {
  const ctx = buildContext(run, options);
  return componentBuilders.map(({ component, build }) => ({ component, objects: build(ctx).map(stampDesiredHash) }));
}

export function desiredChildren(run: ResolvedMurphyRun, options: BuildOptions): KubernetesObject[] {
  return desiredComponents(run, options).flatMap((c) => c.objects);
}
