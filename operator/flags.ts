// `murphy operator` and `murphy render` flags, with environment fallbacks for in-cluster use
// (the Deployment in operator/manifests sets POD_NAMESPACE, POD_NAME and WATCH_NAMESPACES).
import { parseArgs } from 'node:util';
import { imagesFromEnv, type Images } from './images.js';

export const imageFlags = {
  'executor-image': { type: 'string' },
  'coordinator-image': { type: 'string' },
  'inference-image': { type: 'string' },
  'trainer-image': { type: 'string' },
} as const;

export interface OperatorFlags {
  readonly kubeconfig: string | undefined;
  readonly namespaces: string[] | undefined;
  readonly images: Images;
  readonly metricsPort: number;
  readonly leaderElect: boolean;
  readonly leaderElectionNamespace: string;
  readonly identity: string | undefined;
  readonly restartLimit: number;
  readonly restartBackoffMs: number;
  readonly concurrency: number;
  /** RuntimeClass of executor pods whose run sets no spec.executor.runtimeClassName. */
  readonly executorRuntimeClass: string | undefined;
}

export class FlagError extends Error {}

function integer(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new FlagError(`--${flag} must be a whole number >= 0, got "${value}"`);
  return n;
}

/** "30s", "2m", "500ms" or plain seconds. */
export function durationMs(value: string | undefined, flag: string, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value);
  if (!match) throw new FlagError(`--${flag} must be a duration such as 10s, 2m or 500ms, got "${value}"`);
  const unit = match[2] === 'ms' ? 1 : match[2] === 'm' ? 60_000 : 1000;
  return Math.round(Number(match[1]) * unit);
}

export function imagesOf(values: Partial<Record<keyof typeof imageFlags, string | undefined>>, env: NodeJS.ProcessEnv): Images {
  const fromEnv = imagesFromEnv(env);
  return {
    executor: values['executor-image'] ?? fromEnv.executor,
    coordinator: values['coordinator-image'] ?? fromEnv.coordinator,
    inference: values['inference-image'] ?? fromEnv.inference,
    trainer: values['trainer-image'] ?? fromEnv.trainer,
  };
}

/** --executor-runtime-class, else MURPHY_EXECUTOR_RUNTIME_CLASS; empty means none. */
export function executorRuntimeClassOf(value: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return value || env.MURPHY_EXECUTOR_RUNTIME_CLASS || undefined;
}

function parse(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        kubeconfig: { type: 'string' },
        namespaces: { type: 'string' },
        'metrics-port': { type: 'string' },
        'leader-elect': { type: 'boolean' },
        'no-leader-elect': { type: 'boolean' },
        'leader-election-namespace': { type: 'string' },
        identity: { type: 'string' },
        'restart-limit': { type: 'string' },
        'restart-backoff': { type: 'string' },
        concurrency: { type: 'string' },
        'executor-runtime-class': { type: 'string' },
        ...imageFlags,
      },
    }).values;
  } catch (error) {
    throw new FlagError((error as Error).message);
  }
}

export function parseOperatorFlags(args: readonly string[], env: NodeJS.ProcessEnv): OperatorFlags {
  const v = parse(args);
  const namespaces = (v.namespaces ?? env.WATCH_NAMESPACES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return {
    kubeconfig: v.kubeconfig,
    namespaces: namespaces.length > 0 ? namespaces : undefined,
    images: imagesOf(v, env),
    metricsPort: integer(v['metrics-port'], 'metrics-port', 8080),
    leaderElect: !v['no-leader-elect'],
    leaderElectionNamespace: v['leader-election-namespace'] ?? env.POD_NAMESPACE ?? 'murphy-system',
    identity: v.identity ?? env.POD_NAME,
    restartLimit: integer(v['restart-limit'], 'restart-limit', 3),
    restartBackoffMs: durationMs(v['restart-backoff'], 'restart-backoff', 10_000),
    concurrency: Math.max(1, integer(v.concurrency, 'concurrency', 4)),
    executorRuntimeClass: executorRuntimeClassOf(v['executor-runtime-class'], env),
  };
}
