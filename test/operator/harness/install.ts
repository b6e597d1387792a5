// Installs what the repository ships into the test cluster: the CRDs from crds/ and the operator's
// RBAC from operator/manifests, by server-side apply as an administrator.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import type { KubeClient } from '../../../src/k8s/kube-client.js';
import { serverSideApply } from '../../../src/k8s/server-side-apply.js';
import { waitFor } from './processes.js';

/** The repository root, from the sources or from their build under dist/. */
function findRepoRoot(start: string): string {
  for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'crds'))) return dir;
  }
  throw new Error(`no repository root above ${start}`);
}

export const REPO_ROOT = findRepoRoot(import.meta.dirname);

export function readManifests(path: string): KubernetesObject[] {
  const files = path.endsWith('.yaml') ? [path] : readdirSync(path).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(path, f));
  return files.flatMap((file) => parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as KubernetesObject).filter(Boolean));
}

export async function applyAll(client: KubeClient, objects: KubernetesObject[]): Promise<void> {
  for (const object of objects) await serverSideApply(client, object, { fieldManager: 'murphy-test', force: true });
}

const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

export async function installCrds(client: KubeClient): Promise<void> {
  const crds = readManifests(join(REPO_ROOT, 'crds'));
  for (const crd of crds) {
    await client.request({ method: 'PATCH', path: `${CRD_PATH}/${crd.metadata?.name}`, query: { fieldManager: 'murphy-test', force: 'true' }, body: crd, contentType: 'application/apply-patch+yaml' });
  }
  for (const crd of crds) {
    await waitFor(`CRD ${crd.metadata?.name} established`, async () => {
      const got = await client.request<{ status?: { conditions?: { type: string; status: string }[] } }>({ method: 'GET', path: `${CRD_PATH}/${crd.metadata?.name}` });
      return got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True');
    }, 30_000);
  }
}

/** The operator's namespace, ServiceAccount and RBAC (not its Deployment: tests run it in-process). */
export async function installOperatorRbac(client: KubeClient): Promise<void> {
  const manifests = readManifests(join(REPO_ROOT, 'operator', 'manifests')).filter((o) => o.kind !== 'Deployment' && o.kind !== 'Service');
  await applyAll(client, manifests);
}
