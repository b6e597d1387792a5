// Which RuntimeClass executor pods get when their run sets no spec.executor.runtimeClassName: a
// named one, none (the cluster's default runtime), or `auto`: gVisor where the cluster offers it.
// gVisor is defence in depth around model-written code (a second kernel between programs and the
// node); under auto a cluster without it keeps working, and one that gains it later gets it without
// an operator restart (the operator watches the RuntimeClass, and its changes reconcile every run).
import { UsageError } from '../src/user-input/usage-error.js';
import type { ObjectStore } from './runtime/object-store.js';

/** The setting that picks SANDBOXED_RUNTIME_CLASS where it exists, else none. */
export const AUTO = 'auto';
/** The setting that leaves executor pods on the cluster's default runtime. */
export const NONE = 'none';
/** The RuntimeClass auto looks for: gVisor's conventional name (gvisor.dev's and GKE Sandbox's). */
export const SANDBOXED_RUNTIME_CLASS = 'gvisor';

export const RUNTIME_CLASS_API = { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass' } as const;

/** A RuntimeClass name is a DNS subdomain (as metadata.name of a cluster-scoped object). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * `auto`, `none` or a RuntimeClass name; unset means auto and empty means none (as an empty
 * chart value always did). Throws a UsageError naming `source` for anything else.
 */
export function parseRuntimeClassSetting(value: string | undefined, source: string): string {
  if (value === undefined) return AUTO;
  if (value === '') return NONE;
  if (value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    throw new UsageError(`${source}: expected auto, none or a RuntimeClass name (a DNS subdomain such as gvisor), got "${value}"`);
  }
  return value;
}

/** The runtimeClassName for executor pods of runs without their own; `offered` says whether a RuntimeClass exists. */
export function resolveRuntimeClass(setting: string, offered: (name: string) => boolean): string | undefined {
  if (setting === AUTO) return offered(SANDBOXED_RUNTIME_CLASS) ? SANDBOXED_RUNTIME_CLASS : undefined;
  return setting === NONE ? undefined : setting;
}

/** Whether the operator's cache holds the RuntimeClass (cached only under auto: see runtimeClassWatch). */
export const offeredIn = (store: ObjectStore) => (name: string): boolean =>
  store.get(RUNTIME_CLASS_API.apiVersion, RUNTIME_CLASS_API.kind, '', name) !== undefined;

/** The one RuntimeClass auto depends on; the operator watches it only under auto (it needs no other). */
export const RUNTIME_CLASS_SELECTOR = `metadata.name=${SANDBOXED_RUNTIME_CLASS}`;
