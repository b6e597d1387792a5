import { describe, expect, it } from '@jest/globals';
import { parseAllDocuments } from 'yaml';
import { captureIO } from '../test-io.js';
import { renderCommand } from './render.js';

describe('murphy render', () => {
  it('prints every child of the example run as a YAML stream', async () => {
    const io = captureIO();
    expect(await renderCommand.run(['examples/tiny.yaml', '--namespace', 'ml', '--trainer-image', 'reg/t:1'], io)).toBe(0);
    const docs = parseAllDocuments(io.out()).map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace: string } });
    expect(docs).toHaveLength(15);
    expect(docs.every((d) => d.metadata.namespace === 'ml')).toBe(true);
    expect(io.out()).toContain('image: reg/t:1');
    expect(io.out()).not.toContain('ownerReferences');
  });

  it('renders no RuntimeClass under auto (offline, no cluster to ask) unless one is named', async () => {
    const runtimeClass = async (...flags: string[]) => {
      const io = captureIO();
      expect(await renderCommand.run(['examples/tiny.yaml', ...flags], io)).toBe(0);
      const executor = parseAllDocuments(io.out()).map((d) => d.toJS() as { kind: string; metadata: { name: string }; spec: { template: { spec: { runtimeClassName?: string } } } })
        .find((d) => d.kind === 'Deployment' && d.metadata.name.endsWith('-executor'));
      return executor?.spec.template.spec.runtimeClassName;
    };
    expect(await runtimeClass()).toBeUndefined();
    expect(await runtimeClass('--executor-runtime-class', 'auto')).toBeUndefined();
    expect(await runtimeClass('--executor-runtime-class', 'gvisor')).toBe('gvisor');
    expect(await runtimeClass('--executor-runtime-class', 'none')).toBeUndefined();
    await expect(renderCommand.run(['examples/tiny.yaml', '--executor-runtime-class', 'G'], captureIO())).rejects.toThrow(/--executor-runtime-class: expected auto, none/);
  });

  it('names the bad field of an invalid run', async () => {
    const io = captureIO('apiVersion: murphy.dev/v1alpha1\nkind: MurphyRun\nmetadata: {name: x}\nspec: {model: {name: m}, dataset: {source: s}, trainer: {nodes: 0}}\n');
    expect(await renderCommand.run(['-'], io)).toBe(1);
    expect(io.err()).toContain('spec.trainer.nodes');
  });

  it('rejects an unknown flag as a usage error', async () => {
    await expect(renderCommand.run(['x.yaml', '--bogus'], captureIO())).rejects.toThrow(/bogus/);
  });
});
