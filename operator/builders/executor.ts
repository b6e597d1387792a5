// Executors run untrusted model-written code, so their pods get every hardening Kubernetes offers
// without breaking the sandbox: optional sandboxed runtime (e.g. gVisor), non-root, read-only root
// filesystem (a memory-backed /tmp for the sandboxes), no capabilities, RuntimeDefault seccomp, no
// service-account token, and a NetworkPolicy that denies all egress and admits only the coordinator
// and the evaluation Jobs.
import type { KubernetesObject, V1Deployment, V1LabelSelector, V1PodSpec, V1SecurityContext } from '@kubernetes/client-node';
import { selectorLabels } from '../names.js';
import type { BuildContext } from './build-context.js';
import { componentDeployment } from './deployment.js';
import { childMeta } from './object-meta.js';
import { RUN_USER, TERMINATION_MESSAGE_POLICY, image, placement, port, resources, type ResourceDefaults } from './pod-parts.js';
import { PORTS } from './ports.js';
import { componentService } from './service.js';

/** The wire form (client-node's V1NetworkPolicy spells `from` as `_from` for its serializer). */
interface NetworkPolicy extends KubernetesObject {
  spec: {
    podSelector: V1LabelSelector;
    policyTypes: string[];
    ingress: { from: { podSelector: V1LabelSelector }[]; ports: { protocol: string; port: number }[] }[];
  };
}

export const hardenedContainer: V1SecurityContext = {
  runAsNonRoot: true,
  runAsUser: RUN_USER,
  runAsGroup: RUN_USER,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  privileged: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/**
 * Unless the run sets them: a core and 1 GiB requested, and a memory limit, so that programs the
 * model wrote cannot take a node's memory (the memory-backed /tmp counts against it too).
 */
export const EXECUTOR_RESOURCES: ResourceDefaults = { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '4Gi' } };

export function executorArgs(ctx: BuildContext): string[] {
  const spec = ctx.run.spec.executor;
  const args = ['executor', '--port', String(PORTS.executor.grpc), '--metrics-port', String(PORTS.executor.metrics), '--sandbox', spec.sandbox];
  if (spec.concurrency !== undefined) args.push('--concurrency', String(spec.concurrency));
  return args;
}

/** The run's runtimeClassName, else the operator's default; none leaves the cluster's default runtime. */
const runtimeClass = (name: string | undefined): Pick<V1PodSpec, 'runtimeClassName'> => (name ? { runtimeClassName: name } : {});

function executorPod(ctx: BuildContext): V1PodSpec {
  const spec = ctx.run.spec.executor;
  return {
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    ...runtimeClass(spec.runtimeClassName ?? ctx.executorRuntimeClass),
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    ...placement(spec),
    containers: [
      {
        name: 'executor',
        image: image(spec, ctx.images.executor),
        command: ['murphy'],
        args: executorArgs(ctx),
        ports: [port('grpc', PORTS.executor.grpc), port('metrics', PORTS.executor.metrics)],
        readinessProbe: { httpGet: { path: '/healthz', port: PORTS.executor.metrics }, periodSeconds: 5 },
        resources: resources(spec, 0, EXECUTOR_RESOURCES),
        securityContext: hardenedContainer,
        terminationMessagePolicy: TERMINATION_MESSAGE_POLICY,
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      },
    ],
    volumes: [{ name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } }],
  };
}

export function executorDeployment(ctx: BuildContext): V1Deployment {
  return componentDeployment(ctx, { name: ctx.names.executor, component: 'executor', replicas: ctx.run.spec.executor.replicas, pod: executorPod(ctx) });
}

/** Deny all egress (no egress rules for the Egress type); admit only the coordinator's and the evaluation Jobs' gRPC calls. */
export function executorNetworkPolicy(ctx: BuildContext): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: childMeta(ctx, ctx.names.executor, 'executor'),
    spec: {
      podSelector: { matchLabels: selectorLabels(ctx.name, 'executor') },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: (['coordinator', 'evaluation'] as const).map((client) => ({ podSelector: { matchLabels: selectorLabels(ctx.name, client) } })),
          ports: [{ protocol: 'TCP', port: PORTS.executor.grpc }],
        },
      ],
    },
  };
}

export function executorChildren(ctx: BuildContext) {
  return [
    executorDeployment(ctx),
    componentService(ctx, { name: ctx.names.executor, component: 'executor', ports: { grpc: PORTS.executor.grpc, metrics: PORTS.executor.metrics }, perPod: true }),
    executorNetworkPolicy(ctx),
  ];
}
