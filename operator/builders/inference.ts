// Inference: a Deployment of the Python inference server (vLLM on GPUs, transformers on CPU) and a
// Service. It mounts the checkpoint volume read-only to load the weights the trainer exports (at
// start, the policy the coordinator published there).
import type { V1Deployment, V1PodSpec } from '@kubernetes/client-node';
import { POLICY_FILE } from '../../src/coordinator/persistence/published-policy.js';
import type { BuildContext } from './build-context.js';
import { coordinatorStateDir } from './coordinator.js';
import { componentDeployment } from './deployment.js';
import { TERMINATION_MESSAGE_POLICY, checkpointMount, checkpointVolume, containerSecurity, image, placement, podSecurity, port, resources, shmMount, shmVolume } from './pod-parts.js';
import { PORTS } from './ports.js';
import { modelDownload, modelMounts, modelPath, modelVolumes, volumeAffinity, volumeLabels } from './run-volume.js';
import { componentService } from './service.js';

export function inferenceArgs(ctx: BuildContext): string[] {
  const { inference } = ctx.run.spec;
  const args = ['-m', 'murphy_inference', '--backend', inference.backend, '--model', modelPath(ctx)];
  args.push('--port', String(PORTS.inference.grpc), '--metrics-port', String(PORTS.inference.metrics));
  args.push('--policy-file', `${coordinatorStateDir(ctx)}/${POLICY_FILE}`); // a restarted pod loads the run's current policy first
  // Engine flags go after "--": vLLM's tensor parallelism, then the user's spec.inference.args.
  const engine = inference.backend === 'vllm' ? ['--tensor-parallel-size', String(inference.tensorParallel), ...inference.args] : inference.args;
  return engine.length > 0 ? [...args, '--', ...engine] : args;
}

function inferencePod(ctx: BuildContext): V1PodSpec {
  const spec = ctx.run.spec.inference;
  return {
    automountServiceAccountToken: false,
    securityContext: podSecurity,
    ...placement(spec),
    ...volumeAffinity(ctx),
    ...modelDownload(ctx, image(spec, ctx.images.inference)),
    containers: [
      {
        name: 'inference',
        image: image(spec, ctx.images.inference),
        command: ['python'],
        args: inferenceArgs(ctx),
        ports: [port('grpc', PORTS.inference.grpc), port('metrics', PORTS.inference.metrics)],
        readinessProbe: { httpGet: { path: '/healthz', port: PORTS.inference.metrics }, periodSeconds: 10 },
        resources: resources(spec, spec.gpus),
        securityContext: containerSecurity,
        terminationMessagePolicy: TERMINATION_MESSAGE_POLICY,
        volumeMounts: [checkpointMount(true), shmMount, ...modelMounts(ctx)],
      },
    ],
    volumes: [checkpointVolume(ctx), shmVolume, ...modelVolumes(ctx)],
  };
}

export function inferenceDeployment(ctx: BuildContext): V1Deployment {
  return componentDeployment(ctx, { name: ctx.names.inference, component: 'inference', replicas: ctx.run.spec.inference.replicas, pod: inferencePod(ctx), podLabels: volumeLabels(ctx) });
}

export function inferenceChildren(ctx: BuildContext) {
  return [
    inferenceDeployment(ctx),
    componentService(ctx, { name: ctx.names.inference, component: 'inference', ports: { grpc: PORTS.inference.grpc, metrics: PORTS.inference.metrics }, perPod: true }),
  ];
}
