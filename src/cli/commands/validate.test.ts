import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { runCli } from '../run-cli.js';
import { captureIO } from '../test-io.js';

describe('murphy validate', () => {
  it('prints an example with defaults applied', async () => {
    const io = captureIO();
    expect(await runCli(['validate', 'examples/tiny.yaml'], io)).toBe(0);
    const run = parse(io.out()) as { spec: { training: { beta: number }; algorithm: { pruning: { budgets: unknown[] } } } };
    expect(run.spec.training.beta).toBe(0.04);
    expect(run.spec.algorithm.pruning.budgets).toEqual([null, 2]);
  });

  it('prints one line per bad field and exits 1', async () => {
    const io = captureIO('apiVersion: murphy.dev/v1alpha1\nkind: MurphyRun\nmetadata: {name: x}\nspec: {model: {name: m}, dataset: {source: d, limt: 5}}\n');
    expect(await runCli(['validate', '-'], io)).toBe(1);
    expect(io.err()).toBe('-: spec.dataset.limt: unknown field\n');
  });

  it('reports a missing file without a stack trace', async () => {
    const io = captureIO();
    expect(await runCli(['validate', 'no/such.yaml'], io)).toBe(1);
    expect(io.err()).toBe('murphy validate: cannot read no/such.yaml: no such file\n');
  });

  it('answers unknown commands with the command list', async () => {
    const io = captureIO();
    expect(await runCli(['valdate'], io)).toBe(2);
    expect(io.err()).toContain('unknown command "valdate"');
    expect(io.err()).toContain('validate');
  });
});
