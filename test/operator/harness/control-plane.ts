// An envtest-style control plane for integration tests and benchmarks: real etcd, kube-apiserver
// and (optionally) kube-controller-manager on loopback with random ports in a temp dir, the
// MurphyRun CRD from crds/ installed, everything torn down by stop(). The API server writes an
// audit log of every write, so tests can count exactly which requests a client made.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { HttpKubeClient } from '../../../src/k8s/kube-client.js';
import { k8sBinDir } from './binaries.js';
import { tokenKubeConfig, writeKubeconfigFile } from './kubeconfig.js';
import { freePort, logTail, startProcess, stopProcess, waitFor, type Started } from './processes.js';
import { installCrds } from './install.js';

export interface ControlPlaneOptions {
  /** Garbage collection, Deployments, ReplicaSets, Jobs, ServiceAccounts (default true). */
  readonly controllerManager?: boolean;
}

export interface AuditEvent {
  readonly verb: string;
  readonly user: { readonly username: string };
  readonly objectRef?: { readonly resource?: string; readonly subresource?: string; readonly namespace?: string; readonly name?: string };
  readonly responseStatus?: { readonly code?: number };
  readonly requestReceivedTimestamp: string;
}

const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: Metadata
    verbs: [create, update, patch, delete, deletecollection]
  - level: None
`;

export class ControlPlane {
  readonly admin: HttpKubeClient;
  readonly adminKubeConfig: KubeConfig;
  readonly adminKubeconfigFile: string;

  readonly dir: string;
  readonly binDir: string;
  readonly server: string;
  private readonly adminToken: string;
  private readonly processes: Started[];

  private constructor(parts: { dir: string; binDir: string; server: string; token: string; processes: Started[] }) {
    ({ dir: this.dir, binDir: this.binDir, server: this.server, token: this.adminToken, processes: this.processes } = parts);
    const { dir, server, token: adminToken } = parts;
    this.adminKubeConfig = tokenKubeConfig(server, 'admin', adminToken);
    this.admin = new HttpKubeClient(this.adminKubeConfig);
    this.adminKubeconfigFile = writeKubeconfigFile(join(dir, 'admin.kubeconfig'), server, 'admin', adminToken);
  }

  static async start(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
    const withManager = options.controllerManager ?? true;
    const binDir = k8sBinDir(withManager ? ['etcd', 'kube-apiserver', 'kube-controller-manager'] : ['etcd', 'kube-apiserver']);
    const dir = mkdtempSync(join(tmpdir(), 'murphy-k8s-'));
    const processes: Started[] = [];
    try {
      const etcdUrl = await startEtcd(binDir, dir, processes);
      const { server, token } = await startApiServer(binDir, dir, etcdUrl, processes);
      const plane = new ControlPlane({ dir, binDir, server, token, processes });
      // CRDs first: the garbage collector discovers MurphyRun when it starts (else ~30 s later).
      await installCrds(plane.admin);
      if (withManager) await plane.startControllerManager();
      return plane;
    } catch (error) {
      for (const p of processes.reverse()) await stopProcess(p);
      const logs = processes.map((p) => `--- ${p.name}\n${logTail(p)}`).join('\n');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`${(error as Error).message}\n${logs}`);
    }
  }

  private async startControllerManager(): Promise<void> {
    const port = await freePort();
    const args = [
      `--kubeconfig=${this.adminKubeconfigFile}`,
      '--controllers=garbage-collector-controller,deployment-controller,replicaset-controller,job-controller,serviceaccount-controller,namespace-controller,persistentvolumeclaim-protection-controller',
      `--service-account-private-key-file=${join(this.dir, 'sa.key')}`,
      '--leader-elect=false',
      '--use-service-account-credentials=false',
      `--secure-port=${port}`,
      '--bind-address=127.0.0.1',
      `--cert-dir=${join(this.dir, 'kcm-certs')}`,
      '--concurrent-gc-syncs=5',
    ];
    const kcm = startProcess('kube-controller-manager', join(this.binDir, 'kube-controller-manager'), args, join(this.dir, 'kube-controller-manager.log'));
    this.processes.push(kcm);
    // The serviceaccount controller creating "default" in kube-system shows the controllers run.
    await waitFor('kube-controller-manager', () => this.admin.request({ method: 'GET', path: '/api/v1/namespaces/kube-system/serviceaccounts/default' }).then(() => true), 60_000, 200);
  }

  /** A kubeconfig for a ServiceAccount, with a token from the TokenRequest API. */
  async serviceAccountKubeConfig(namespace: string, name: string): Promise<{ kubeConfig: KubeConfig; file: string; token: string }> {
    const response = await this.admin.request<{ status: { token: string } }>({
      method: 'POST',
      path: `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`,
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 86400 } },
    });
    const token = response.status.token;
    const file = writeKubeconfigFile(join(this.dir, `${namespace}-${name}.kubeconfig`), this.server, `${namespace}-${name}`, token);
    return { kubeConfig: tokenKubeConfig(this.server, `${namespace}-${name}`, token), file, token };
  }

  /** Every write the API server saw so far (the audit log logs create/update/patch/delete). */
  auditEvents(): AuditEvent[] {
    const text = readFileSync(join(this.dir, 'audit.log'), 'utf8');
    return text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as AuditEvent);
  }

  logs(name: string): string {
    const p = this.processes.find((x) => x.name === name);
    return p ? logTail(p, 200) : '';
  }

  async stop(): Promise<void> {
    this.admin.close();
    for (const p of [...this.processes].reverse()) await stopProcess(p);
    rmSync(this.dir, { recursive: true, force: true });
  }

  get token(): string {
    return this.adminToken;
  }
}

async function startEtcd(binDir: string, dir: string, processes: Started[]): Promise<string> {
  const [client, peer] = [await freePort(), await freePort()];
  const clientUrl = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const args = [
    '--name=test', `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=${clientUrl}`, `--advertise-client-urls=${clientUrl}`,
    `--listen-peer-urls=${peerUrl}`, `--initial-advertise-peer-urls=${peerUrl}`, `--initial-cluster=test=${peerUrl}`,
    '--unsafe-no-fsync', '--log-level=warn',
  ];
  processes.push(startProcess('etcd', join(binDir, 'etcd'), args, join(dir, 'etcd.log')));
  await waitFor('etcd', () => fetch(`${clientUrl}/health`).then((r) => r.ok), 30_000);
  return clientUrl;
}

async function startApiServer(binDir: string, dir: string, etcdUrl: string, processes: Started[]): Promise<{ server: string; token: string }> {
  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  writeFileSync(join(dir, 'tokens.csv'), `${token},admin,admin-uid,system:masters\n`);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(join(dir, 'sa.key'), privateKey.export({ type: 'pkcs1', format: 'pem' }));
  writeFileSync(join(dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(join(dir, 'audit-policy.yaml'), AUDIT_POLICY);
  writeFileSync(join(dir, 'audit.log'), '');
  mkdirSync(join(dir, 'certs'));
  const args = [
    `--etcd-servers=${etcdUrl}`, `--secure-port=${port}`, '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1',
    `--cert-dir=${join(dir, 'certs')}`, `--token-auth-file=${join(dir, 'tokens.csv')}`, '--authorization-mode=RBAC',
    '--service-account-issuer=https://kubernetes.default.svc', `--service-account-key-file=${join(dir, 'sa.pub')}`,
    `--service-account-signing-key-file=${join(dir, 'sa.key')}`, '--service-cluster-ip-range=10.0.0.0/24',
    `--audit-policy-file=${join(dir, 'audit-policy.yaml')}`, `--audit-log-path=${join(dir, 'audit.log')}`, '--audit-log-format=json',
    '--profiling=false', '--allow-privileged=true', '--v=0',
  ];
  processes.push(startProcess('kube-apiserver', join(binDir, 'kube-apiserver'), args, join(dir, 'kube-apiserver.log')));
  const server = `https://127.0.0.1:${port}`;
  const probe = new HttpKubeClient(tokenKubeConfig(server, 'admin', token));
  try {
    await waitFor('kube-apiserver /readyz', () => probe.request<string>({ method: 'GET', path: '/readyz' }).then(() => true), 90_000, 200);
  } finally {
    probe.close();
  }
  return { server, token };
}
