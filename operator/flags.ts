// `murphy operator` and `murphy render` flags, with environment fallbacks for in-cluster use
// (the Deployment in operator/manifests sets POD_NAMESPACE, POD_NAME and WATCH_NAMESPACES).
import { UsageError } from '../src/user-input/usage-error.js';
import { parseFlags, type FlagKind, type ParsedFlags } from '../src/user-input/flags.js';
import { parseRuntimeClassSetting } from './executor-runtime-class.js';
import { imagesFromEnv, type Images } from './images.js';

export const imageFlags: Readonly<Record<string, FlagKind>> = {
  'executor-image': 'string',
  'coordinator-image': 'string',
  'inference-image': 'string',
  'trainer-image': 'string',
};

export const OPERATOR_USAGE =
  'murphy operator [--kubeconfig FILE] [--namespaces a,b] [--metrics-port 8080] [--no-leader-elect] ' +
  '[--leader-election-namespace NS] [--identity ID] [--restart-limit 3] [--restart-backoff 10s] [--concurrency 4] ' +
  '[--executor-image I] [--coordinator-image I] [--inference-image I] [--trainer-image I] [--executor-runtime-class auto|none|NAME]';

const DECLARED: Readonly<Record<string, FlagKind>> = {
  kubeconfig: 'string',
  namespaces: 'string',
  'metrics-port': 'integer',
  'leader-elect': 'boolean',
  'no-leader-elect': 'boolean',
  'leader-election-namespace': 'string',
  identity: 'string',
  'restart-limit': 'integer',
  'restart-backoff': 'string',
  concurrency: 'integer',
  'executor-runtime-class': 'string',
  ...imageFlags,
};

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
  /** RuntimeClass of executor pods whose run sets no spec.executor.runtimeClassName: auto, none or a name. */
  readonly executorRuntimeClass: string;
}

/** "30s", "2m", "500ms" or plain seconds. */
export function durationMs(value: string | undefined, flag: string, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value);
  if (!match) throw new UsageError(`--${flag}: expected a duration such as 10s, 2m or 500ms, got "${value}"`);
  const unit = match[2] === 'ms' ? 1 : match[2] === 'm' ? 60_000 : 1000;
  return Math.round(Number(match[1]) * unit);
}

/** The --*-image flags, else the environment's images. */
export function imagesOf(flags: ParsedFlags, env: NodeJS.ProcessEnv): Images {
  const fromEnv = imagesFromEnv(env);
  return {
    executor: flags.string('executor-image') ?? fromEnv.executor,
    coordinator: flags.string('coordinator-image') ?? fromEnv.coordinator,
    inference: flags.string('inference-image') ?? fromEnv.inference,
    trainer: flags.string('trainer-image') ?? fromEnv.trainer,
  };
}

/** --executor-runtime-class, else MURPHY_EXECUTOR_RUNTIME_CLASS, else auto (executor-runtime-class.ts). */
export function executorRuntimeClassOf(value: string | undefined, env: NodeJS.ProcessEnv): string {
  if (value !== undefined) return parseRuntimeClassSetting(value, '--executor-runtime-class');
  return parseRuntimeClassSetting(env.MURPHY_EXECUTOR_RUNTIME_CLASS, 'MURPHY_EXECUTOR_RUNTIME_CLASS');
}

export function parseOperatorFlags(args: readonly string[], env: NodeJS.ProcessEnv): OperatorFlags {
  const flags = parseFlags(args, DECLARED, OPERATOR_USAGE);
  if (flags.positional.length > 0) throw new UsageError(`unexpected argument "${flags.positional[0]}"; usage: ${OPERATOR_USAGE}`);
  const namespaces = (flags.string('namespaces') ?? env.WATCH_NAMESPACES ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return {
    kubeconfig: flags.string('kubeconfig'),
    namespaces: namespaces.length > 0 ? namespaces : undefined,
    images: imagesOf(flags, env),
    metricsPort: flags.integer('metrics-port', { max: 65535 }) ?? 8080,
    leaderElect: !flags.boolean('no-leader-elect'),
    leaderElectionNamespace: flags.string('leader-election-namespace') ?? env.POD_NAMESPACE ?? 'murphy-system',
    identity: flags.string('identity') ?? env.POD_NAME,
    restartLimit: flags.integer('restart-limit') ?? 3,
    restartBackoffMs: durationMs(flags.string('restart-backoff'), 'restart-backoff', 10_000),
    concurrency: Math.max(1, flags.integer('concurrency') ?? 4),
    executorRuntimeClass: executorRuntimeClassOf(flags.string('executor-runtime-class'), env),
  };
}
