// A Service in front of one component's pods.
import type { V1Service } from '@kubernetes/client-node';
import { selectorLabels, type Component } from '../names.js';
import type { BuildContext } from './build-context.js';
import { childMeta } from './object-meta.js';

export interface ServiceShape {
  readonly name: string;
  readonly component: Component;
  readonly ports: Readonly<Record<string, number>>;
  /** Headless: one DNS record per pod (torchrun's rendezvous needs rank 0's address). */
  readonly headless?: boolean;
}

export function componentService(ctx: BuildContext, shape: ServiceShape): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: childMeta(ctx, shape.name, shape.component),
    spec: {
      selector: selectorLabels(ctx.name, shape.component),
      ports: Object.entries(shape.ports).map(([name, port]) => ({ name, port, targetPort: port })),
      ...(shape.headless ? { clusterIP: 'None', publishNotReadyAddresses: true } : {}),
    },
  };
}
