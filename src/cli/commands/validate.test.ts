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

  describe('spec.tracking', () => {
    const withTracking = (tracking: string) =>
      `apiVersion: murphy.dev/v1alpha1\nkind: MurphyRun\nmetadata: {name: x}\nspec: {model: {name: m, source: 'builtin:tiny'}, dataset: {source: 'builtin:mini'}, tracking: ${tracking}}\n`;

    it('accepts MLflow and TensorBoard', async () => {
      const io = captureIO(withTracking("{mlflow: {trackingUri: 'http://127.0.0.1:5000', experimentName: e}, tensorboard: {}, credentialsSecret: mlflow-login}"));
      expect(await runCli(['validate', '-'], io)).toBe(0);
      expect((parse(io.out()) as { spec: { tracking: unknown } }).spec.tracking).toEqual({
        mlflow: { trackingUri: 'http://127.0.0.1:5000', experimentName: 'e' }, tensorboard: {}, credentialsSecret: 'mlflow-login',
      });
    });

    it.each([
      ["{neptune: {project: p}}", '-: spec.tracking.neptune: unknown tracker: murphy logs to mlflow, tensorboard, wandb, trackio\n'],
      ["{mlflow: {trackingUri: 'mlflow.example.com:5000'}}", '-: spec.tracking.mlflow.trackingUri: must be an MLflow tracking URI: http(s)://host[:port][/path], file:/path, sqlite:///path or databricks\n'],
      ["{wandb: {project: p, mode: cloud}}", '-: spec.tracking.wandb.mode: expected one of "offline", "online", got string "cloud"\n'],
      ['{}', '-: spec.tracking: tracking names no tracker: add mlflow, tensorboard, wandb or trackio (or leave tracking out)\n'],
      ["{tensorboard: {}, credentialsSecret: 'My Secret'}", '-: spec.tracking.credentialsSecret: must be the name of a Secret: lower case letters, digits, "-" and "."\n'],
    ])('refuses %s', async (tracking, message) => {
      const io = captureIO(withTracking(tracking));
      expect(await runCli(['validate', '-'], io)).toBe(1);
      expect(io.err()).toBe(message);
    });
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
