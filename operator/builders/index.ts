// Every child of a run, in the order the operator applies them: config and storage before the
// workloads that mount them, services before the clients that dial them, the coordinator last.
// `murphy render` prints exactly this list; the operator applies exactly this list.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { ResolvedMurphyRun } from '../../src/api/load.js';
import type { Component } from '../names.js';
import { buildContext, type BuildContext, type BuildOptions } from './build-context.js';
import { coordinatorChildren } from './coordinator.js';
import { executorChildren } from './executor.js';
import { inferenceChildren } from './inference.js';
import { runConfigMap } from './run-config.js';
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
];

export interface DesiredComponent {
  readonly component: Component;
  readonly objects: KubernetesObject[];
}

export function desiredComponents(run: ResolvedMurphyRun, options: BuildOptions): DesiredComponent[] {
  const ctx = buildContext(run, options);
  return componentBuilders.map(({ component, build }) => ({ component, objects: build(ctx) }));
}

export function desiredChildren(run: ResolvedMurphyRun, options: BuildOptions): KubernetesObject[] {
  return desiredComponents(run, options).flatMap((c) => c.objects);
}
