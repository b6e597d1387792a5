// The Services in front of replicated components list every ready pod (headless), so that the
// coordinator balances over the pods and reaches each one; inference pods load the published policy.
import { describe, expect, it } from '@jest/globals';
import type { KubernetesObject, V1Deployment, V1Service } from '@kubernetes/client-node';
import { loadMurphyRuns, type ResolvedMurphyRun } from '../../src/api/load.js';
import { defaultImages } from '../images.js';
import { desiredChildren } from './index.js';

function run(): ResolvedMurphyRun {
  const text = 'apiVersion: murphy.dev/v1alpha1\nkind: MurphyRun\nmetadata: {name: demo, namespace: ml}\nspec:\n  model: {name: m}\n  dataset: {source: builtin:mini}\n  inference: {replicas: 2}\n  executor: {replicas: 3}\n';
  const result = loadMurphyRuns(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.runs[0] as ResolvedMurphyRun;
}

const find = <T extends KubernetesObject>(objects: KubernetesObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata?.name === name) as T;

describe('component Services', () => {
  const objects = desiredChildren(run(), { images: defaultImages });

  it('are headless for inference and the executors, with ready pods only', () => {
    for (const name of ['demo-inference', 'demo-executor']) {
      const spec = find<V1Service>(objects, 'Service', name).spec;
      expect(spec?.clusterIP).toBe('None');
      expect(spec?.publishNotReadyAddresses).toBeUndefined();
    }
  });

  it('keep a virtual IP for the coordinator and every pod listed for the trainer rendezvous', () => {
    expect(find<V1Service>(objects, 'Service', 'demo-coordinator').spec?.clusterIP).toBeUndefined();
    expect(find<V1Service>(objects, 'Service', 'demo-trainer').spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
  });

  it('point inference pods at the policy the coordinator publishes in its state directory', () => {
    const args = find<V1Deployment>(objects, 'Deployment', 'demo-inference').spec?.template.spec?.containers[0]?.args ?? [];
    const coordinator = find<V1Deployment>(objects, 'Job', 'demo-coordinator').spec?.template.spec?.containers[0]?.args ?? [];
    const stateDir = coordinator[coordinator.indexOf('--state-dir') + 1];
    expect(args[args.indexOf('--policy-file') + 1]).toBe(`${stateDir}/policy.json`);
  });
});
