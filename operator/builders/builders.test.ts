import { describe, expect, it } from '@jest/globals';
import type { KubernetesObject, V1Container, V1Deployment, V1Job, V1PodSpec, V1PodTemplateSpec, V1Service } from '@kubernetes/client-node';
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

/** The pod template of a Job or Deployment (the test fails if there is none). */
function podTemplate(objects: KubernetesObject[], name: string): V1PodTemplateSpec {
  const template = (objects.find((o) => o.metadata?.name === name && (o.kind === 'Job' || o.kind === 'Deployment')) as V1Job | undefined)?.spec?.template;
  if (!template) throw new Error(`no workload ${name}`);
  return template;
}
const podSpec = (objects: KubernetesObject[], name: string): V1PodSpec => podTemplate(objects, name).spec as V1PodSpec;
const mainContainer = (objects: KubernetesObject[], name: string): V1Container => podSpec(objects, name).containers[0] as V1Container;

function securityOf(pod: V1PodSpec) {
  const context = pod.securityContext ?? {};
  const containers = pod.containers.map((c) => ({ policy: c.terminationMessagePolicy, escalation: c.securityContext?.allowPrivilegeEscalation, drop: c.securityContext?.capabilities?.drop }));
  return { runAsNonRoot: context.runAsNonRoot, seccomp: context.seccompProfile?.type, containers };
}

/** Children of a run given as the whole spec (model and dataset included). */
function loadChildren(specYaml: string): KubernetesObject[] {
  const result = loadMurphyRuns(`apiVersion: murphy.dev/v1alpha1\nkind: MurphyRun\nmetadata: {name: demo, namespace: ml}\nspec:\n${specYaml}`);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return desiredChildren(result.runs[0] as ResolvedMurphyRun, { images: defaultImages });
}

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
    const objects = desiredChildren(run('  trainer: {nodes: 3, gpusPerNode: 8}\n  storage: {accessMode: ReadWriteMany}'), { images: defaultImages });
    const job = find<V1Job>(objects, 'Job', 'demo-trainer') as V1Job;
    expect(job.spec).toMatchObject({ completionMode: 'Indexed', completions: 3, parallelism: 3, backoffLimit: 0 });
    const container = containerOf(job);
    expect(container?.resources).toEqual({ requests: { 'nvidia.com/gpu': '8' }, limits: { 'nvidia.com/gpu': '8' } });
    expect(container?.args?.slice(0, 12)).toEqual(['--nproc-per-node', '8', '--shutdown-timeout', '270', '--nnodes', '3', '--node-rank', '$(NODE_RANK)', '--master-addr', 'demo-trainer-0.demo-trainer', '--master-port', '29500']);
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

  /** A stopped pod (DisruptionTarget, or its container's "interrupted" exit code) is replaced, uncounted, once it is gone. */
  const expectResumablePods = (job: V1Job, container: string) =>
    expect(job.spec).toMatchObject({
      backoffLimit: 0,
      podReplacementPolicy: 'Failed',
      podFailurePolicy: {
        rules: [
          { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
          { action: 'Ignore', onExitCodes: { containerName: container, operator: 'In', values: [COORDINATOR_EXIT.interrupted] } },
        ],
      },
    });

  it('lets the coordinator Job replace a disrupted or interrupted pod without counting a failure', () => {
    const job = find<V1Job>(desiredChildren(run(''), { images: defaultImages }), 'Job', 'demo-coordinator') as V1Job;
    expectResumablePods(job, 'coordinator');
    const args = containerOf(job)?.args ?? [];
    const stopTimeout = Number(args[args.indexOf('--stop-timeout') + 1]);
    expect(stopTimeout).toBeLessThan(job.spec?.template.spec?.terminationGracePeriodSeconds ?? 30);
    expect(containerOf(job)?.terminationMessagePolicy).toBe('FallbackToLogsOnError');
  });

  it('runs the tracking follower as a native sidecar of the coordinator with the credentials Secret as optional environment', () => {
    const tracking = "  tracking: {mlflow: {trackingUri: 'http://mlflow.mlflow.svc:5000'}, tensorboard: {}, credentialsSecret: mlflow-login}";
    const pod = podSpec(desiredChildren(run(tracking), { images: defaultImages }), 'demo-coordinator');
    expect(pod.initContainers).toHaveLength(1);
    const sidecar = pod.initContainers![0]!;
    expect(sidecar).toMatchObject({
      name: 'tracking', image: defaultImages.trainer, restartPolicy: 'Always', command: ['/opt/murphy-tracking/bin/python', '-m', 'murphy_tracking'],
      args: ['follow', '/checkpoints/demo/coordinator', '--config', '/etc/murphy/run.yaml', '--eval-dir', '/checkpoints/demo/eval'],
      envFrom: [{ secretRef: { name: 'mlflow-login', optional: true } }],
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    });
    // It reads the run's volume where the coordinator writes metrics.jsonl.
    expect(sidecar.volumeMounts?.map((m) => m.mountPath)).toEqual(expect.arrayContaining(['/checkpoints', '/etc/murphy']));
    expect(mainContainer(desiredChildren(run(tracking), { images: defaultImages }), 'demo-coordinator').args).toContain('/checkpoints/demo/coordinator');
    expect(podSpec(desiredChildren(run(''), { images: defaultImages }), 'demo-coordinator').initContainers).toBeUndefined();
  });

  it('runs every pod non-root as uid 65532, owning the volume through fsGroup, each container ending with its logs on error', () => {
    const objects = desiredChildren(run('  evaluation: {datasets: [{source: builtin:mini}]}'), { images: defaultImages, evaluationJobs: ['final'] });
    const names = ['demo-executor', 'demo-inference', 'demo-trainer', 'demo-coordinator', 'demo-eval-final'];
    expect(objects.filter((o) => o.kind === 'Job' || o.kind === 'Deployment').map((o) => o.metadata?.name)).toEqual(names);
    for (const name of names) expect(securityOf(podSpec(objects, name))).toEqual({ runAsNonRoot: true, seccomp: 'RuntimeDefault', containers: [{ policy: 'FallbackToLogsOnError', escalation: false, drop: ['ALL'] }] });
    for (const name of names.slice(1)) expect(podSpec(objects, name).securityContext).toMatchObject({ runAsUser: 65532, fsGroup: 65532, fsGroupChangePolicy: 'OnRootMismatch' });
  });

  it('gives trainer and inference a memory /dev/shm, the coordinator requests, executors a memory limit', () => {
    const objects = desiredChildren(run('  executor: {resources: {limits: {memory: 8Gi}}}'), { images: defaultImages });
    for (const name of ['demo-trainer', 'demo-inference']) {
      expect(podSpec(objects, name).volumes).toContainEqual({ name: 'shm', emptyDir: { medium: 'Memory' } });
      expect(mainContainer(objects, name).volumeMounts).toContainEqual({ name: 'shm', mountPath: '/dev/shm' });
    }
    expect(mainContainer(objects, 'demo-coordinator').resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' } });
    expect(mainContainer(objects, 'demo-executor').resources).toEqual({ requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '8Gi' } });
  });

  it('keeps the pods of a ReadWriteOnce volume on one node, and spreads them with ReadWriteMany', () => {
    const sharing = ['demo-trainer', 'demo-inference', 'demo-coordinator'];
    const rwo = desiredChildren(run(''), { images: defaultImages });
    const term = { labelSelector: { matchLabels: { 'murphy.dev/claim': 'demo-checkpoints' } }, topologyKey: 'kubernetes.io/hostname' };
    for (const name of sharing) {
      expect(podTemplate(rwo, name).metadata?.labels).toMatchObject({ 'murphy.dev/claim': 'demo-checkpoints' });
      expect(podSpec(rwo, name).affinity).toEqual({ podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } });
    }
    const rwx = desiredChildren(run('  storage: {accessMode: ReadWriteMany}'), { images: defaultImages });
    expect(sharing.map((name) => podSpec(rwx, name).affinity)).toEqual([undefined, undefined, undefined]);
    const claim = find<KubernetesObject & { spec: { accessModes: string[] } }>(rwo, 'PersistentVolumeClaim', 'demo-checkpoints');
    expect(claim?.spec.accessModes).toEqual(['ReadWriteOnce']);
  });

  it('downloads model.name into the run\'s volume before trainer and inference start, mounts /murphy/data for the coordinator', () => {
    const downloaded = loadChildren('  model: {name: Qwen/Qwen3-1.7B, download: true}\n  dataset: {source: /murphy/data/train.jsonl}');
    const [download] = podSpec(downloaded, 'demo-trainer').initContainers ?? [];
    expect(download).toMatchObject({ name: 'model-download', image: defaultImages.trainer, env: [{ name: 'HF_HUB_OFFLINE', value: '0' }] });
    expect(download?.command?.slice(-2)).toEqual(['Qwen/Qwen3-1.7B', '/checkpoints/demo/model']);
    expect(mainContainer(downloaded, 'demo-trainer').args).toContain('/checkpoints/demo/model');
    expect(podSpec(downloaded, 'demo-inference').initContainers?.map((c) => c.image)).toEqual([defaultImages.inference]);
    expect(mainContainer(downloaded, 'demo-coordinator').volumeMounts).toContainEqual({ name: 'checkpoints', mountPath: '/murphy/data', subPath: 'demo/data', readOnly: true });
    expect(mainContainer(desiredChildren(run(''), { images: defaultImages }), 'demo-coordinator').volumeMounts?.map((m) => m.mountPath)).toEqual(['/etc/murphy', '/checkpoints']);
  });

  it('mounts the model\'s own claim read-only at /murphy/models', () => {
    const claimed = loadChildren('  model: {name: q, source: /murphy/models/q, claimName: weights}\n  dataset: {source: builtin:mini}');
    const pod = podSpec(claimed, 'demo-trainer');
    expect(pod.initContainers).toBeUndefined();
    expect(pod.volumes).toContainEqual({ name: 'models', persistentVolumeClaim: { claimName: 'weights', readOnly: true } });
    expect(mainContainer(claimed, 'demo-inference').volumeMounts).toContainEqual({ name: 'models', mountPath: '/murphy/models', readOnly: true });
  });

  it('replaces a stopped trainer pod only once it is gone, after a grace period for its checkpoint, without counting a failure', () => {
    const job = find<V1Job>(desiredChildren(run(''), { images: defaultImages }), 'Job', 'demo-trainer') as V1Job;
    expectResumablePods(job, 'trainer');
    expect(job.spec?.template.spec?.terminationGracePeriodSeconds).toBe(300);
    const container = containerOf(job);
    // torchrun through the launcher that ends a signalled stop with the "interrupted" exit code.
    expect(container?.command).toEqual(['python', '-m', 'murphy_trainer.launch']);
    const args = container?.args ?? [];
    const drain = Number(args[args.indexOf('--shutdown-timeout') + 1]);
    expect(drain).toBeGreaterThan(60);
    expect(drain).toBeLessThan(300);
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
