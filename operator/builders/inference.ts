// Inference: a Deployment of the Python inference server (vLLM on GPUs, transformers on CPU) and a
// Service. It mounts the checkpoint volume read-only to load the weights the trainer exports.
import type { V1Deployment } from '@kubernetes/client-node';
import { selectorLabels } from '../names.js';
import type { BuildContext } from './build-context.js';
import { childMeta } from './object-meta.js';
import { checkpointMount, checkpointVolume, image, placement, port, resources } from './pod-parts.js';
import { PORTS } from './ports.js';
import { componentService } from './service.js';

export function inferenceArgs(ctx: BuildContext): string[] {
  const { inference, model } = ctx.run.spec;
  const args = ['-m', 'murphy_inference', '--backend', inference.backend, '--model', model.source ?? model.name];
  args.push('--port', String(PORTS.inference.grpc), '--metrics-port', String(PORTS.inference.metrics));
  if (inference.backend === 'vllm') args.push('--tensor-parallel-size', String(inference.tensorParallel));
  return [...args, ...inference.args];
}

export function inferenceDeployment(ctx: BuildContext): V1Deployment {
  const spec = ctx.run.spec.inference;
  const meta = childMeta(ctx, ctx.names.inference, 'inference');
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta,
    spec: {
      replicas: ctx.scaledDown ? 0 : spec.replicas,
      selector: { matchLabels: selectorLabels(ctx.name, 'inference') },
      template: {
        metadata: { labels: meta.labels ?? {} },
        spec: {
          automountServiceAccountToken: false,
          ...placement(spec),
          containers: [
            {
              name: 'inference',
              image: image(spec, ctx.images.inference),
              command: ['python'],
              args: inferenceArgs(ctx),
              ports: [port('grpc', PORTS.inference.grpc), port('metrics', PORTS.inference.metrics)],
              readinessProbe: { httpGet: { path: '/healthz', port: PORTS.inference.metrics }, periodSeconds: 10 },
              resources: resources(spec, spec.gpus),
              volumeMounts: [checkpointMount(true)],
            },
          ],
          volumes: [checkpointVolume(ctx)],
        },
      },
    },
  };
}

export function inferenceChildren(ctx: BuildContext) {
  return [
    inferenceDeployment(ctx),
    componentService(ctx, { name: ctx.names.inference, component: 'inference', ports: { grpc: PORTS.inference.grpc, metrics: PORTS.inference.metrics } }),
  ];
}
