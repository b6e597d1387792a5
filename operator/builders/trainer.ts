// The trainer: torchrun in an Indexed Job with one pod per node (completion index = node rank),
// behind a headless Service so rank 0 has a stable DNS name for the rendezvous and the gRPC port.
// The Job never retries a failure by itself (backoffLimit 0): the operator restarts it from the
// last checkpoint, up to the run's restart limit (steps/restart-failed.ts).
// A stopped pod (deleted, evicted, its node drained) is replaced, only once it is gone, and resumes
// from its last checkpoint, which it saves on SIGTERM within its grace period: the container runs
// torchrun through murphy_trainer.launch, which ends such a stop with the "interrupted" exit code.
import type { V1Container, V1Job } from '@kubernetes/client-node';
import type { BuildContext } from './build-context.js';
import { INTERRUPTED_EXIT } from '../../src/coordinator/exit-codes.js';
import { jobMeta, podTemplateMeta, resumablePods, stampTemplateHash } from './job-parts.js';
import { CONFIG_FILE, TERMINATION_MESSAGE_POLICY, checkpointMount, checkpointVolume, configMount, configVolume, containerSecurity, image, placement, podSecurity, port, resources, runDir, shmMount, shmVolume } from './pod-parts.js';
import { PORTS } from './ports.js';
import { modelDownload, modelMounts, modelPath, modelVolumes, volumeAffinity, volumeLabels } from './run-volume.js';
import { componentService } from './service.js';

/** A stopped trainer finishes its calls and saves a checkpoint of the whole model first. */
const TRAINER_GRACE_S = 300;
/** torchrun's wait for its workers to drain after SIGTERM, inside the grace period. */
const TRAINER_DRAIN_S = TRAINER_GRACE_S - 30;

/** DNS name of rank 0 (Indexed Job pods are named <job>-<index> under the headless Service). */
export const trainerRank0 = (ctx: BuildContext): string => `${ctx.names.trainer}-0.${ctx.names.trainer}`;

export function trainerArgs(ctx: BuildContext): string[] {
  const { trainer } = ctx.run.spec;
  const args = ['--nproc-per-node', String(Math.max(trainer.gpusPerNode, 1)), '--shutdown-timeout', String(TRAINER_DRAIN_S)];
  if (trainer.nodes > 1) {
    args.push('--nnodes', String(trainer.nodes), '--node-rank', '$(NODE_RANK)');
    args.push('--master-addr', trainerRank0(ctx), '--master-port', String(PORTS.trainer.rendezvous));
  }
  args.push('-m', 'murphy_trainer', '--model', modelPath(ctx), '--config', CONFIG_FILE);
  args.push('--port', String(PORTS.trainer.grpc), '--metrics-port', String(PORTS.trainer.metrics));
  return [...args, '--checkpoint-dir', `${runDir(ctx)}/trainer`];
}

function trainerContainer(ctx: BuildContext): V1Container {
  const spec = ctx.run.spec.trainer;
  return {
    name: 'trainer',
    image: image(spec, ctx.images.trainer),
    command: ['python', '-m', 'murphy_trainer.launch'],
    args: trainerArgs(ctx),
    env: [{ name: 'NODE_RANK', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } }],
    ports: [port('grpc', PORTS.trainer.grpc), port('metrics', PORTS.trainer.metrics), port('rendezvous', PORTS.trainer.rendezvous)],
    resources: resources(spec, spec.gpusPerNode),
    securityContext: containerSecurity,
    terminationMessagePolicy: TERMINATION_MESSAGE_POLICY,
    volumeMounts: [configMount, checkpointMount(), shmMount, ...modelMounts(ctx)],
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
      ...resumablePods({ container: 'trainer', exitCode: INTERRUPTED_EXIT }),
      suspend: ctx.scaledDown,
      template: {
        metadata: podTemplateMeta(ctx, 'trainer', volumeLabels(ctx)),
        spec: {
          restartPolicy: 'Never',
          terminationGracePeriodSeconds: TRAINER_GRACE_S,
          subdomain: ctx.names.trainer,
          automountServiceAccountToken: false,
          securityContext: podSecurity,
          ...placement(spec),
          ...volumeAffinity(ctx),
          ...modelDownload(ctx, image(spec, ctx.images.trainer)),
          containers: [trainerContainer(ctx)],
          volumes: [configVolume(ctx), checkpointVolume(ctx), shmVolume, ...modelVolumes(ctx)],
        },
      },
    },
  });
}

export function trainerChildren(ctx: BuildContext) {
  const ports = { grpc: PORTS.trainer.grpc, metrics: PORTS.trainer.metrics, rendezvous: PORTS.trainer.rendezvous };
  return [trainerJob(ctx), componentService(ctx, { name: ctx.names.trainer, component: 'trainer', ports, headless: true })];
}
