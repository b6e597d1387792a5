import { describe, expect, it } from '@jest/globals';
import type { KubernetesObject, V1Deployment, V1Job, V1Service } from '@kubernetes/client-node';
import { loadMurphyRuns, type ResolvedMurphyRun } from '../../src/api/load.js';
import { COORDINATOR_EXIT } from '../../src/coordinator/exit-codes.js';
import { defaultImages } from '../images.js';
import { desiredChildren } from './index.js';

function run(specYaml: string, name = 'demo'): ResolvedMurphyRun {
  const text = `apiVersion: murphy.dev/v1alpha1\nkind: MurphyRun\nmetadata: {name: ${name}, namespace: ml}\nspec:\n  model: {name: m}\n  dataset: {source: builtin:mini}\n${specYaml}`;
  const result = loadMurphyRuns(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.runs[0] as ResolvedMurphyRun;
}

const find = <T extends KubernetesObject>(objects: KubernetesObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata?.name === name) as T | undefined;

const containerOf = (job: V1Job) => job.spec?.template.spec?.containers[0];

describe('builders', () => {
  it('builds every child with deterministic names in the run namespace', () => {
    const objects = desiredChildren(run(''), { images: defaultImages });
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'ConfigMap/demo-config', 'PersistentVolumeClaim/demo-checkpoints',
      'Deployment/demo-executor', 'Service/demo-executor', 'NetworkPolicy/demo-executor',
      'Deployment/demo-inference', 'Service/demo-inference',
      'Job/demo-trainer', 'Service/demo-trainer',
      'ConfigMap/demo-progress', 'ServiceAccount/demo-coordinator', 'Role/demo-coordinator', 'RoleBinding/demo-coordinator', 'Job/demo-coordinator', 'Service/demo-coordinator',
    ]);
    expect(new Set(objects.map((o) => o.metadata?.namespace))).toEqual(new Set(['ml']));
    expect(desiredChildren(run(''), { images: defaultImages })).toEqual(objects);
  });

  it('hardens executor pods and isolates them', () => {
    const objects = desiredChildren(run('  executor: {runtimeClassName: gvisor, concurrency: 3}'), { images: defaultImages });
    const pod = find<V1Deployment>(objects, 'Deployment', 'demo-executor')?.spec?.template.spec;
    expect(pod).toMatchObject({ runtimeClassName: 'gvisor', automountServiceAccountToken: false });
    const container = pod?.containers[0];
    expect(container?.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container?.args).toEqual(['executor', '--port', '50051', '--metrics-port', '9464', '--sandbox', 'auto', '--concurrency', '3']);
    const policy = find<KubernetesObject & { spec: Record<string, unknown> }>(objects, 'NetworkPolicy', 'demo-executor');
    expect(policy?.spec).toEqual({
      podSelector: { matchLabels: { 'murphy.dev/run': 'demo', 'app.kubernetes.io/component': 'executor' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        {
          from: [
            { podSelector: { matchLabels: { 'murphy.dev/run': 'demo', 'app.kubernetes.io/component': 'coordinator' } } },
            { podSelector: { matchLabels: { 'murphy.dev/run': 'demo', 'app.kubernetes.io/component': 'evaluation' } } },
          ],
          ports: [{ protocol: 'TCP', port: 50051 }],
        },
      ],
    });
  });

  it('gives executor pods the operator\'s default RuntimeClass unless the run names one', () => {
    const runtime = (spec: string, executorRuntimeClass?: string) =>
      find<V1Deployment>(desiredChildren(run(spec), { images: defaultImages, executorRuntimeClass }), 'Deployment', 'demo-executor')?.spec?.template.spec?.runtimeClassName;
    expect(runtime('', 'gvisor')).toBe('gvisor');
    expect(runtime('  executor: {runtimeClassName: kata}', 'gvisor')).toBe('kata');
    expect(runtime('')).toBeUndefined();
    expect(find<V1Deployment>(desiredChildren(run(''), { images: defaultImages }), 'Deployment', 'demo-executor')?.spec?.template.spec?.containers[0]?.image).toBe('ghcr.io/murphy-dev/murphy-executor:0.1.0');
  });

  it('runs a multi-node trainer as an Indexed Job with GPUs, rank 0 behind a headless Service', () => {
    const objects = desiredChildren(run('  trainer: {nodes: 3, gpusPerNode: 8}'), { images: defaultImages });
    const job = find<V1Job>(objects, 'Job', 'demo-trainer') as V1Job;
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimit: 0 });
    const container = containerOf(job);
    expect(container?.resources).toEqual({ requests: { 'nvidia.com/gpu': '8' }, limits: { 'nvidia.com/gpu': '8' } });
    expect(container?.args?.slice(0, 10)).toEqual(['--nproc-per-node', '8', '--nnodes', '3', '--node-rank', '$(NODE_RANK)', '--master-addr', 'demo-trainer-0.demo-trainer', '--master-port', '29500']);
    expect(find<V1Service>(objects, 'Service', 'demo-trainer')?.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    const coordinator = containerOf(find<V1Job>(objects, 'Job', 'demo-coordinator') as V1Job);
    expect(coordinator?.args).toContain('demo-trainer-0.demo-trainer:50053');
  });

  it('passes vLLM tensor parallelism and extra engine args to inference', () => {
    const objects = desiredChildren(run('  inference: {gpus: 4, tensorParallel: 4, args: [--max-model-len, "8192"]}'), { images: defaultImages });
    const container = find<V1Deployment>(objects, 'Deployment', 'demo-inference')?.spec?.template.spec?.containers[0];
    expect(container?.args).toEqual(['-m', 'murphy_inference', '--backend', 'vllm', '--model', 'm', '--port', '50052', '--metrics-port', '9465', '--policy-file', '/checkpoints/demo/coordinator/policy.json', '--', '--tensor-parallel-size', '4', '--max-model-len', '8192']);
    expect(container?.resources?.limits).toEqual({ 'nvidia.com/gpu': '4' });
  });

  it('lets the coordinator Job replace a disrupted or interrupted pod without counting a failure', () => {
    const job = find<V1Job>(desiredChildren(run(''), { images: defaultImages }), 'Job', 'demo-coordinator') as V1Job;
    expect(job.spec).toMatchObject({
      backoffLimit: 0,
      podReplacementPolicy: 'Failed',
      podFailurePolicy: {
        rules: [
          { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
          { action: 'Ignore', onExitCodes: { containerName: 'coordinator', operator: 'In', values: [COORDINATOR_EXIT.interrupted] } },
        ],
      },
    });
    const args = containerOf(job)?.args ?? [];
    const stopTimeout = Number(args[args.indexOf('--stop-timeout') + 1]);
    expect(stopTimeout).toBeLessThan(job.spec?.template.spec?.terminationGracePeriodSeconds ?? 30);
    expect(containerOf(job)?.terminationMessagePolicy).toBe('FallbackToLogsOnError');
  });

  it('uses the user claim instead of creating one', () => {
    const objects = desiredChildren(run('  storage: {claimName: shared}'), { images: defaultImages });
    expect(objects.some((o) => o.kind === 'PersistentVolumeClaim')).toBe(false);
    const volumes = find<V1Job>(objects, 'Job', 'demo-trainer')?.spec?.template.spec?.volumes;
    expect(volumes?.find((v) => v.name === 'checkpoints')?.persistentVolumeClaim?.claimName).toBe('shared');
  });

  it('scales to zero when suspended, keeping config and storage', () => {
    const objects = desiredChildren(run('  suspend: true'), { images: defaultImages });
    expect(find<V1Deployment>(objects, 'Deployment', 'demo-inference')?.spec?.replicas).toBe(0);
    expect(find<V1Job>(objects, 'Job', 'demo-trainer')?.spec?.suspend).toBe(true);
    expect(find(objects, 'PersistentVolumeClaim', 'demo-checkpoints')).toBeDefined();
  });

  it('changes the Job templates on a training change or a restart, not on scaling or suspend', () => {
    const hash = (spec: string, attempt = 0) =>
      find<V1Job>(desiredChildren(run(spec), { images: defaultImages, attempt }), 'Job', 'demo-trainer')?.metadata?.annotations?.['murphy.dev/template-hash'];
    const base = hash('');
    expect(hash('  executor: {replicas: 5}')).toBe(base);
    expect(hash('  training: {learningRate: 0.001}')).not.toBe(base);
    expect(hash('', 1)).not.toBe(base);
  });

  it('keeps child names within DNS limits for long run names', () => {
    const long = 'a'.repeat(63);
    const names = desiredChildren(run('', long), { images: defaultImages }).map((o) => o.metadata?.name ?? '');
    expect(Math.max(...names.map((n) => n.length))).toBeLessThanOrEqual(52);
    expect(new Set(names.filter((n) => n.endsWith('-trainer'))).size).toBe(1);
  });
});

describe('desired hash', () => {
  it('changes when a field is removed, so the operator re-applies and the field goes away', () => {
    const hash = (spec: string) =>
      find(desiredChildren(run(spec), { images: defaultImages }), 'Deployment', 'demo-executor')?.metadata?.annotations?.['murphy.dev/desired-hash'];
    expect(hash('  executor: {runtimeClassName: gvisor}')).not.toBe(hash(''));
    expect(hash('')).toBe(hash(''));
  });
});
