// Metadata of a child: deterministic name, the run's namespace, labels that tie it to the run.
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { componentLabels, type Component } from '../names.js';
import type { BuildContext } from './build-context.js';

export function childMeta(ctx: BuildContext, name: string, component: Component, annotations?: Record<string, string>): V1ObjectMeta {
  return {
    name,
    namespace: ctx.namespace,
    labels: componentLabels(ctx.name, component),
    ...(annotations ? { annotations } : {}),
  };
}
