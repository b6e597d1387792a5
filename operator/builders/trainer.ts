// The trainer: torchrun in an Indexed Job with one pod per node (completion index = node rank),
// behind a headless Service so rank 0 has a stable DNS name for the rendezvous and the gRPC port.
// The Job never retries by itself (backoffLimit 0): the operator restarts the whole run from the
// last checkpoint, up to its restart limit, so trainer and coordinator always restart together.
import type { V1Container, V1Job } from '@kubernetes/client-node';
import type { BuildContext } from './build-context.js';
import { jobMeta, podTemplateMeta, stampTemplateHash } from './job-parts.js';
import { CONFIG_FILE, checkpointMount, checkpointVolume, configMount, configVolume, image, placement, port, resources, runDir } from './pod-parts.js';
import { PORTS } from './ports.js';
import { componentService } from './service.js';

/** DNS name of rank 0 (Indexed Job pods are named <job>-<index> under the headless Service). */
export const trainerRank0 = (ctx: BuildContext): string => `${ctx.names.trainer}-0.${ctx.names.trainer}`;

export function trainerArgs(ctx: BuildContext): string[] {
  const { trainer, model } = ctx.run.spec;
  const args = ['--nproc-per-node', String(Math.max(trainer.gpusPerNode, 1))];
  if (trainer.nodes > 1) {
    args.push('--nnodes', String(trainer.nodes), '--node-rank', '$(NODE_RANK)');
    args.push('--master-addr', trainerRank0(ctx), '--master-port', String(PORTS.trainer.rendezvous));
  }
  args.push('-m', 'murphy_trainer', '--model', model.source ?? model.name, '--config', CONFIG_FILE);
  args.push('--port', String(PORTS.trainer.grpc), '--metrics-port', String(PORTS.trainer.metrics));
  return [...args, '--checkpoint-dir', `${runDir(ctx)}/trainer`];
}

function trainerContainer(ctx: BuildContext): V1Container {
  const spec = ctx.run.spec.trainer;
  return {
    name: 'trainer',
    image: image(spec, ctx.images.trainer),
    command: ['torchrun'],
    args: trainerArgs(ctx),
    env: [{ name: 'NODE_RANK', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } }],
    ports: [port('grpc', PORTS.trainer.grpc), port('metrics', PORTS.trainer.metrics), port('rendezvous', PORTS.trainer.rendezvous)],
    resources: resources(spec, spec.gpusPerNode),
    volumeMounts: [configMount, checkpointMount()],
  };
}

export function trainerJob(ctx: BuildContext): V1Job {
  const spec = ctx.run.spec.trainer;
  return stampTemplateHash({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: jobMeta(ctx, ctx.names.trainer, 'trainer'),
    spec: {
      completionMode: 'Indexed',
      completions: spec.nodes,
      parallelism: spec.nodes,
      backoffLimit: 0,
      suspend: ctx.scaledDown,
      template: {
        metadata: podTemplateMeta(ctx, 'trainer'),
        spec: {
          restartPolicy: 'Never',
          subdomain: ctx.names.trainer,
          automountServiceAccountToken: false,
          ...placement(spec),
          containers: [trainerContainer(ctx)],
          volumes: [configVolume(ctx), checkpointVolume(ctx)],
        },
      },
    },
  });
}

export function trainerChildren(ctx: BuildContext) {
  const ports = { grpc: PORTS.trainer.grpc, metrics: PORTS.trainer.metrics, rendezvous: PORTS.trainer.rendezvous };
  return [trainerJob(ctx), componentService(ctx, { name: ctx.names.trainer, component: 'trainer', ports, headless: true })];
}
