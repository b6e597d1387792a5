// A Deployment of one stateless component (executor, inference): scaled to zero when the run is
// suspended or finished (unless the final evaluation still needs them), pods selected by the run and component labels.
import type { V1Deployment, V1PodSpec } from '@kubernetes/client-node';
import { selectorLabels, type Component } from '../names.js';
import type { BuildContext } from './build-context.js';
import { childMeta } from './object-meta.js';

export interface DeploymentShape {
  readonly name: string;
  readonly component: Component;
  readonly replicas: number;
  readonly pod: V1PodSpec;
  /** Labels of the pods beyond the selector's. */
  readonly podLabels?: Record<string, string>;
}

export function componentDeployment(ctx: BuildContext, shape: DeploymentShape): V1Deployment {
  const meta = childMeta(ctx, shape.name, shape.component);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta,
    spec: {
      replicas: ctx.scaledDown && !ctx.keepServices ? 0 : shape.replicas,
      selector: { matchLabels: selectorLabels(ctx.name, shape.component) },
      template: { metadata: { labels: { ...meta.labels, ...shape.podLabels } }, spec: shape.pod },
    },
  };
}
