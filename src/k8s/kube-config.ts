// Where the API server is and who we are: an explicit kubeconfig file, $KUBECONFIG / ~/.kube/config,
// or the in-cluster service account, in that order (the usual client precedence).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';

export interface KubeConfigSource {
  readonly kubeconfig?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export function loadKubeConfig(source: KubeConfigSource = {}): KubeConfig {
  const env = source.env ?? process.env;
  const kc = new KubeConfig();
  if (source.kubeconfig) {
    try {
      kc.loadFromFile(source.kubeconfig);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new Error(`cannot read kubeconfig ${source.kubeconfig}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
  } else if (env.KUBECONFIG || existsSync(join(homedir(), '.kube', 'config'))) {
    kc.loadFromDefault();
  } else if (env.KUBERNETES_SERVICE_HOST) {
    kc.loadFromCluster();
  } else {
    throw new Error('no Kubernetes configuration: pass --kubeconfig FILE, set KUBECONFIG, or run inside a cluster');
  }
  if (!kc.getCurrentCluster()) throw new Error('the kubeconfig has no current cluster: set current-context');
  return kc;
}
