// Pieces shared by the components' pod templates: scheduling from the spec, the run config and
// checkpoint volumes, resource quantities, and the security every run pod runs with (PodSecurity
// "restricted": non-root, no privilege escalation, no capabilities, RuntimeDefault seccomp).
import type { V1Container, V1PodSecurityContext, V1PodSpec, V1ResourceRequirements, V1SecurityContext, V1Toleration, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import type { ResourceRequirements } from '../../src/api/kubernetes-types.js';
import type { BuildContext } from './build-context.js';

export const CONFIG_DIR = '/etc/murphy';
export const CONFIG_FILE = `${CONFIG_DIR}/run.yaml`;
export const CHECKPOINT_DIR = '/checkpoints';
export const GPU_RESOURCE = 'nvidia.com/gpu';

interface Scheduling {
  readonly image?: string | undefined;
  readonly resources?: ResourceRequirements | undefined;
  readonly nodeSelector?: Record<string, string> | undefined;
  readonly tolerations?: ReadonlyArray<Record<string, unknown>> | undefined;
}

const quantities = (values: Record<string, string | number> | undefined): Record<string, string> | undefined =>
  values && Object.keys(values).length > 0 ? Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])) : undefined;

/** Requests and limits a component gets unless its spec sets that resource. */
export interface ResourceDefaults {
  readonly requests?: Record<string, string>;
  readonly limits?: Record<string, string>;
}

/**
 * The spec's resources over the component's defaults, plus `gpus` whole GPUs as both request and
 * limit (extended resources need both equal).
 */
export function resources(spec: Scheduling, gpus = 0, defaults: ResourceDefaults = {}): V1ResourceRequirements {
  const gpu = gpus > 0 ? { [GPU_RESOURCE]: String(gpus) } : {};
  const requests = quantities({ ...defaults.requests, ...spec.resources?.requests, ...gpu });
  const limits = quantities({ ...defaults.limits, ...spec.resources?.limits, ...gpu });
  return { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
}

/** nodeSelector and tolerations of the component, when the spec sets them. */
export function placement(spec: Scheduling): Pick<V1PodSpec, 'nodeSelector' | 'tolerations'> {
  const out: Pick<V1PodSpec, 'nodeSelector' | 'tolerations'> = {};
  if (spec.nodeSelector && Object.keys(spec.nodeSelector).length > 0) out.nodeSelector = { ...spec.nodeSelector };
  if (spec.tolerations && spec.tolerations.length > 0) out.tolerations = spec.tolerations.map((t) => ({ ...t }) as V1Toleration);
  return out;
}

export function image(spec: Scheduling, fallback: string): string {
  return spec.image ?? fallback;
}

export function configVolume(ctx: BuildContext): V1Volume {
  return { name: 'config', configMap: { name: ctx.names.config } };
}

export function checkpointVolume(ctx: BuildContext): V1Volume {
  return { name: 'checkpoints', persistentVolumeClaim: { claimName: checkpointClaim(ctx) } };
}

export function checkpointClaim(ctx: BuildContext): string {
  return ctx.run.spec.storage.claimName ?? ctx.names.checkpoints;
}

/** The uid and gid of murphy's images (USER 65532:65532, "nonroot"). */
export const RUN_USER = 65532;

/**
 * Pod security of the trainer, inference, coordinator and evaluation pods. fsGroup makes a fresh,
 * root-owned volume writable for uid 65532; OnRootMismatch changes ownership only when the volume's
 * root is not already right, so a large checkpoint volume is not walked at every start.
 */
export const podSecurity: V1PodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: RUN_USER,
  runAsGroup: RUN_USER,
  fsGroup: RUN_USER,
  fsGroupChangePolicy: 'OnRootMismatch',
  seccompProfile: { type: 'RuntimeDefault' },
};

export const containerSecurity: V1SecurityContext = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  runAsNonRoot: true,
};

/** How every container ends: its last log lines become the termination message when it fails without one. */
export const TERMINATION_MESSAGE_POLICY = 'FallbackToLogsOnError';

/** Shared memory for NCCL and vLLM's workers: a memory-backed /dev/shm (the runtime's default is 64 MiB). */
export const shmVolume: V1Volume = { name: 'shm', emptyDir: { medium: 'Memory' } };
export const shmMount: V1VolumeMount = { name: 'shm', mountPath: '/dev/shm' };

export const configMount: V1VolumeMount = { name: 'config', mountPath: CONFIG_DIR, readOnly: true };
export const checkpointMount = (readOnly = false): V1VolumeMount => ({ name: 'checkpoints', mountPath: CHECKPOINT_DIR, ...(readOnly ? { readOnly } : {}) });

/** Where a run keeps its files on the checkpoint volume (a shared claim may hold several runs). */
export const runDir = (ctx: BuildContext): string => `${CHECKPOINT_DIR}/${ctx.name}`;

export function port(name: string, containerPort: number): NonNullable<V1Container['ports']>[number] {
  return { name, containerPort };
}
