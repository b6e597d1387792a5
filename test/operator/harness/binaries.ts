// Where the Kubernetes binaries built by scripts/setup.d/40-kubernetes.sh are.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const K8S_BINARIES = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kubectl'] as const;

export function k8sBinDir(needed: readonly string[] = K8S_BINARIES, env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.MURPHY_K8S_BIN ?? join(env.MURPHY_CACHE ?? join(homedir(), '.cache', 'murphy'), 'k8s', 'current');
  const missing = needed.filter((b) => !existsSync(join(dir, b)));
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')} in ${dir}: run \`make setup\` (scripts/setup.d/40-kubernetes.sh builds them)`);
  return dir;
}
