import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { loadMurphyRuns } from './load.js';

const minimal = `apiVersion: murphy.dev/v1alpha1
kind: MurphyRun
metadata: {name: demo}
spec:
  model: {name: Qwen/Qwen3-1.7B}
  dataset: {source: /data/kodcode.jsonl}
`;

function errorsOf(text: string) {
  const result = loadMurphyRuns(text);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
}

describe('loadMurphyRuns', () => {
  it('applies the paper\'s defaults', () => {
    const result = loadMurphyRuns(minimal);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const spec = result.runs[0]?.spec;
    expect(spec?.algorithm).toMatchObject({ turns: 2, generations: [8, 8], credit: { strategy: 'MARS', gamma: 1 }, maxReward: 1 });
    expect(spec?.algorithm.pruning).toEqual({ strategy: 'none', budgets: [null, null], alpha: [0, 1] });
    expect(spec?.training).toMatchObject({ beta: 0.04, learningRate: 1e-6, weightDecay: 0.1, temperature: 0.6, topP: 0.95, epochs: 1, checkpointInterval: 50, epsilon: 0.2 });
    // The paper trained with TRL's default schedule; its loss is Def. 1 normalised by the batch's groups (murphy's).
    expect(spec?.training).toMatchObject({ lrSchedule: 'linear', lossAggregation: 'group', maxPolicyLag: 0, importanceSampling: 'none' });
    expect(spec?.dataset).toMatchObject({ format: 'auto', seed: 0, visibleTests: 2, feedbackTests: 'all' });
    expect(spec?.suspend).toBe(false);
  });

  it('accepts the shipped examples', () => {
    for (const file of ['examples/local.yaml', 'examples/tiny.yaml', 'examples/cluster-cpu.yaml', 'examples/gpu-cluster.yaml']) {
      const result = loadMurphyRuns(readFileSync(file, 'utf8'));
      expect(result.ok ? [] : result.errors).toEqual([]);
    }
  });

  it('names unknown fields by path', () => {
    expect(errorsOf(minimal.replace('dataset:', 'dataset: ').concat('  algorithm: {turn: 3}\n'))).toEqual([
      { path: 'spec.algorithm.turn', message: 'unknown field' },
    ]);
  });

  it('accepts the paper\'s loss aggregation and a constant learning rate, and names a schedule it does not know', () => {
    const result = loadMurphyRuns(`${minimal}  training: {lossAggregation: paper, lrSchedule: constant}\n`);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.runs[0]?.spec.training).toMatchObject({ lossAggregation: 'paper', lrSchedule: 'constant' });
    expect(errorsOf(`${minimal}  training: {lrSchedule: cosine}\n`)).toEqual([
      { path: 'spec.training.lrSchedule', message: 'expected one of "constant", "linear", got string "cosine"' },
    ]);
  });

  it('names wrong types and bad enum values', () => {
    const errors = errorsOf(`${minimal}  algorithm: {turns: two, credit: {strategy: MAX}}\n`);
    expect(errors).toContainEqual({ path: 'spec.algorithm.turns', message: 'expected number, got string "two"' });
    expect(errors).toContainEqual({ path: 'spec.algorithm.credit.strategy', message: 'expected one of "MARS", "MERS", got string "MAX"' });
  });

  it('reports missing required fields', () => {
    expect(errorsOf(minimal.replace('  model: {name: Qwen/Qwen3-1.7B}\n', ''))).toEqual([{ path: 'spec.model', message: 'is required (expected object)' }]);
  });

  it('checks cross-field rules', () => {
    const errors = errorsOf(`${minimal}  algorithm: {turns: 3, generations: [8, 8], pruning: {strategy: inter, budgets: [2, null, null]}}\n`);
    expect(errors.map((e) => e.path)).toEqual(['spec.algorithm.generations', 'spec.algorithm.pruning.budgets']);
  });

  it('corrects a policy lag by default with decoupled PPO, and refuses an uncorrected one', () => {
    const lagged = (training: string) => {
      const result = loadMurphyRuns(`${minimal}  training: ${training}\n`);
      return result.ok ? result.runs[0]?.spec.training.importanceSampling : result.errors;
    };
    expect(lagged('{maxPolicyLag: 1}')).toBe('token');
    expect(lagged('{maxPolicyLag: 2, importanceSampling: sequence}')).toBe('sequence');
    expect(lagged('{maxPolicyLag: 0, importanceSampling: token}')).toBe('token');
    expect(lagged('{maxPolicyLag: 0}')).toBe('none');
    expect(lagged('{maxPolicyLag: 1, importanceSampling: none}')).toEqual([
      { path: 'spec.training.importanceSampling', message: expect.stringMatching(/^maxPolicyLag 1 or more .* decoupled PPO .* leave importanceSampling unset \(token\)/) },
    ]);
  });

  it('reports feedback over the whole suite unless asked for the visible tests, in training only', () => {
    const result = loadMurphyRuns(minimal.replace('dataset: {source: /data/kodcode.jsonl}', 'dataset: {source: /data/kodcode.jsonl, feedbackTests: visible}'));
    expect(result.ok && result.runs[0]?.spec.dataset.feedbackTests).toBe('visible');
    expect(errorsOf(`${minimal}  evaluation: {datasets: [{source: builtin:mini, feedbackTests: all}]}\n`)).toEqual([
      { path: 'spec.evaluation.datasets[0].feedbackTests', message: 'unknown field' },
    ]);
  });

  it('reports unknown template placeholders', () => {
    expect(errorsOf(`${minimal}  algorithm: {prompts: {header: "tried {{attempt}} times"}}\n`)).toEqual([
      { path: 'spec.algorithm.prompts.header', message: 'unknown placeholder {{attempt}}' },
    ]);
  });

  it('leaves evaluation off by default and fills the paper\'s evaluation protocol when asked for', () => {
    const plain = loadMurphyRuns(minimal);
    expect(plain.ok && plain.runs[0]?.spec.evaluation).toBeUndefined();
    const result = loadMurphyRuns(`${minimal}  evaluation: {datasets: [{source: builtin:mini}]}\n`);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.runs[0]?.spec.evaluation).toEqual({
      datasets: [{ source: 'builtin:mini', format: 'auto', seed: 0, visibleTests: 2 }],
      iterations: [1, 3],
      runs: 3,
      baseModel: false,
      selfReflection: false,
    });
    expect(errorsOf(`${minimal}  evaluation: {datasets: [], iterations: [0]}\n`).map((e) => e.path)).toEqual([
      'spec.evaluation.datasets',
      'spec.evaluation.iterations[0]',
    ]);
  });

  it('turns empty files, bad YAML and wrong kinds into errors', () => {
    expect(errorsOf('')).toEqual([{ path: '(file)', message: 'is empty: expected a MurphyRun document' }]);
    expect(errorsOf('# only a comment\n')[0]?.message).toMatch(/empty/);
    expect(errorsOf('spec: [unclosed')[0]?.message).toMatch(/^is not valid YAML/);
    expect(errorsOf(minimal.replace('kind: MurphyRun', 'kind: Deployment'))).toContainEqual({ path: 'kind', message: 'expected one of "MurphyRun", got string "Deployment"' });
    expect(errorsOf('- a\n- b\n')[0]).toEqual({ path: '(root)', message: 'expected object, got a list' });
  });

  it('validates each document of a stream', () => {
    const errors = errorsOf(`${minimal}---\n${minimal.replace('name: demo', 'name: Bad_Name')}`);
    expect(errors).toEqual([{ path: 'document[1].metadata.name', message: 'must be a DNS label: lower case letters, digits and "-"' }]);
  });
});
