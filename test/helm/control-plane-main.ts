// `node dist/test/helm/control-plane-main.js INFO_FILE`: starts the operator tests' control plane
// (etcd, kube-apiserver, kube-controller-manager; test/operator/harness) for the Helm suite's
// shell steps, writes {server, kubeconfig} to INFO_FILE and stops it all on SIGTERM/SIGINT.
// The harness installs crds/; they are removed again so that `helm install` is what creates them.
import { writeFileSync } from 'node:fs';
import { ControlPlane } from '../operator/harness/control-plane.js';
import { waitFor } from '../operator/harness/processes.js';

const CRD = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/murphyruns.murphy.dev';

async function withoutCrd(plane: ControlPlane): Promise<void> {
  await plane.admin.request({ method: 'DELETE', path: CRD });
  await waitFor('the MurphyRun CRD to be deleted', () => plane.admin.request({ method: 'GET', path: CRD }).then(() => false, () => true), 30_000);
}

async function main(infoFile: string | undefined): Promise<void> {
  if (!infoFile) throw new Error('usage: control-plane-main.js INFO_FILE');
  const plane = await ControlPlane.start();
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    plane.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    await withoutCrd(plane);
  } catch (error) {
    await plane.stop();
    throw error;
  }
  writeFileSync(infoFile, JSON.stringify({ server: plane.server, kubeconfig: plane.adminKubeconfigFile, dir: plane.dir }));
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(`control plane: ${(error as Error).message}`);
  process.exit(1);
});
