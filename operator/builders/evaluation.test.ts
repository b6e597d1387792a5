import { describe, expect, it } from '@jest/globals';
import type { KubernetesObject, V1Deployment, V1Job, V1Role } from '@kubernetes/client-node';
import { loadMurphyRuns, type ResolvedMurphyRun } from '../../src/api/load.js';
import { defaultImages } from '../images.js';
import { desiredChildren } from './index.js';

function run(specYaml: string): ResolvedMurphyRun {
  const text = `apiVersion: murphy.dev/v1alpha1\nkind: MurphyRun\nmetadata: {name: demo, namespace: ml}\nspec:\n  model: {name: m}\n  dataset: {source: builtin:mini}\n${specYaml}`;
  const result = loadMurphyRuns(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.runs[0] as ResolvedMurphyRun;
}

const EVAL = '  evaluation: {datasets: [{source: builtin:mini}], baseModel: true}\n';
const find = <T extends KubernetesObject>(objects: KubernetesObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata?.name === name) as T | undefined;

describe('evaluation builders', () => {
  it('adds nothing without spec.evaluation, and no Job until one is asked for', () => {
    expect(desiredChildren(run(''), { images: defaultImages, evaluationJobs: ['final'] }).some((o) => o.metadata?.name?.includes('eval'))).toBe(false);
    const names = desiredChildren(run(EVAL), { images: defaultImages }).map((o) => `${o.kind}/${o.metadata?.name}`);
    expect(names.slice(-4)).toEqual(['ConfigMap/demo-evaluation', 'ServiceAccount/demo-evaluation', 'Role/demo-evaluation', 'RoleBinding/demo-evaluation']);
  });

  it('builds the evaluation Job: murphy eval against the run\'s services, reporting into its ConfigMap', () => {
    const objects = desiredChildren(run(EVAL), { images: defaultImages, evaluationJobs: ['base', 'final'] });
    const job = find<V1Job>(objects, 'Job', 'demo-eval-final') as V1Job;
    expect(find(objects, 'Job', 'demo-eval-base')).toBeDefined();
    expect(job.spec).toMatchObject({ backoffLimit: 2, completions: 1, suspend: false });
    const pod = job.spec?.template.spec;
    expect(pod).toMatchObject({ restartPolicy: 'Never', serviceAccountName: 'demo-evaluation' });
    expect(job.spec?.template.metadata?.labels).toMatchObject({ 'murphy.dev/run': 'demo', 'app.kubernetes.io/component': 'evaluation' });
    const container = pod?.containers[0];
    expect(container?.image).toBe(defaultImages.coordinator);
    expect(container?.command).toEqual(['murphy']);
    expect(container?.args).toEqual([
      'eval', '--config', '/etc/murphy/run.yaml', '--inference', 'demo-inference:50052', '--executor', 'demo-executor:50051',
      '--label', 'final', '--out', '/checkpoints/demo/eval/final', '--report-configmap', 'demo-evaluation', '--namespace', '$(MURPHY_NAMESPACE)',
    ]);
    expect(container?.env).toEqual([{ name: 'MURPHY_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }]);
    expect(container?.volumeMounts).toEqual([{ name: 'config', mountPath: '/etc/murphy', readOnly: true }, { name: 'checkpoints', mountPath: '/checkpoints' }]);
    expect(pod?.volumes).toEqual([{ name: 'config', configMap: { name: 'demo-config' } }, { name: 'checkpoints', persistentVolumeClaim: { claimName: 'demo-checkpoints' } }]);
    expect(find<V1Role>(objects, 'Role', 'demo-evaluation')?.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['demo-evaluation'], verbs: ['get', 'patch'] }]);
  });

  it('holds the coordinator while asked to', () => {
    const held = desiredChildren(run(EVAL), { images: defaultImages, holdCoordinator: true });
    expect(find<V1Job>(held, 'Job', 'demo-coordinator')?.spec?.suspend).toBe(true);
  });

  it('keeps inference and executor up for the final evaluation of a finished run', () => {
    const finishing = desiredChildren(run(EVAL), { images: defaultImages, scaledDown: true, keepServices: true, evaluationJobs: ['final'] });
    expect(find<V1Deployment>(finishing, 'Deployment', 'demo-inference')?.spec?.replicas).toBe(1);
    expect(find<V1Deployment>(finishing, 'Deployment', 'demo-executor')?.spec?.replicas).toBe(1);
    expect(find<V1Job>(finishing, 'Job', 'demo-trainer')?.spec?.suspend).toBe(true);
    expect(find<V1Job>(finishing, 'Job', 'demo-eval-final')?.spec?.suspend).toBe(false);
    const done = desiredChildren(run(EVAL), { images: defaultImages, scaledDown: true });
    expect(find<V1Deployment>(done, 'Deployment', 'demo-inference')?.spec?.replicas).toBe(0);
  });
});
