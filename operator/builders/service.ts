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
  /**
   * Headless with one DNS record per *ready* pod: the coordinator balances its calls over the pods
   * itself (gRPC round_robin over the A records) and reaches each of them (LoadWeights), where a
   * virtual IP would pin its one HTTP/2 connection, and so every call, to one pod.
   */
  readonly perPod?: boolean;
}

function clusterIp(shape: ServiceShape): object {
  if (shape.headless) return { clusterIP: 'None', publishNotReadyAddresses: true };
  return shape.perPod ? { clusterIP: 'None' } : {};
}

export function componentService(ctx: BuildContext, shape: ServiceShape): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: childMeta(ctx, shape.name, shape.component),
    spec: {
      selector: selectorLabels(ctx.name, shape.component),
      ports: Object.entries(shape.ports).map(([name, port]) => ({ name, port, targetPort: port })),
      ...clusterIp(shape),
    },
  };
}
