import { describe, expect, it } from '@jest/globals';
import type { V1Job } from '@kubernetes/client-node';
import { evaluationStatus } from './evaluation-status.js';

const job = (name: string, condition?: 'Complete' | 'Failed'): V1Job => ({
  metadata: { name },
  status: condition ? { conditions: [{ type: condition, status: 'True', reason: condition === 'Failed' ? 'BackoffLimitExceeded' : 'Done', message: condition === 'Failed' ? 'Job has reached the specified backoff limit' : '' }] } : {},
});

function report(label: string, mean: number): string {
  return JSON.stringify({
    kind: 'murphy-eval-report', version: 1, label, model: 'murphy-tiny', startedAt: '2030-01-01T00:00:00Z', wallSeconds: 3,
    settings: { iterations: [1, 3], runs: 3, temperature: 0.6, topP: 0.95, maxNewTokens: 256, seed: 0, timeoutSeconds: 10, selfReflection: false },
    datasets: [{ name: 'mini', source: 'builtin:mini', problems: 8, visibleTests: 2, splitSeed: 0 }],
    results: [{ dataset: 'mini', iterations: 1, problems: 8, runs: [mean, mean, mean], mean, std: 0.05 }],
  });
}

describe('evaluationStatus', () => {
  it('waits for the services, then for training', () => {
    expect(evaluationStatus({ baseModel: true, jobs: {}, reports: undefined, trainingComplete: false })).toEqual({ phase: 'Pending', message: 'the base model is evaluated once inference and executor are ready' });
    expect(evaluationStatus({ baseModel: true, jobs: { base: job('r-eval-base', 'Complete') }, reports: undefined, trainingComplete: false }).message).toBe('the final model is evaluated when training has finished');
  });

  it('folds every parsed report into results, base before final, and succeeds with the final Job', () => {
    const status = evaluationStatus({
      baseModel: true,
      jobs: { base: job('r-eval-base', 'Complete'), final: job('r-eval-final', 'Complete') },
      reports: { 'final.json': report('final', 0.75), 'base.json': report('base', 0.25) },
      trainingComplete: true,
    });
    expect(status).toEqual({
      phase: 'Succeeded',
      message: 'evaluated the base and final models',
      results: [
        { model: 'base', dataset: 'mini', iterations: 1, passAt1: 0.25, std: 0.05, problems: 8 },
        { model: 'final', dataset: 'mini', iterations: 1, passAt1: 0.75, std: 0.05, problems: 8 },
      ],
    });
  });

  it('names a failed Job and an unreadable report', () => {
    const status = evaluationStatus({ baseModel: false, jobs: { final: job('r-eval-final', 'Failed') }, reports: { 'final.json': '{"kind":"other"}' }, trainingComplete: true });
    expect(status.phase).toBe('Failed');
    expect(status.message).toBe('r-eval-final failed (BackoffLimitExceeded: Job has reached the specified backoff limit); unreadable report final.json in the evaluation ConfigMap');
    expect(status.results).toBeUndefined();
    expect(evaluationStatus({ baseModel: false, jobs: { final: job('r-eval-final') }, reports: {}, trainingComplete: true })).toEqual({ phase: 'Running', message: 'evaluating the final model' });
  });
});
