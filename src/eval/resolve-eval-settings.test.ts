import { describe, expect, it } from '@jest/globals';
import { loadMurphyRuns } from '../api/load.js';
import { DEFAULT_TEMPLATES } from '../algorithm/templates.js';
import type { LoadedRun } from '../run/load-run-file.js';
import { parseEvalFlags } from './eval-flags.js';
import { resolveEvalSettings } from './resolve-eval-settings.js';
import { withModelLimit } from './eval-settings.js';

function runFile(extra: string): LoadedRun {
  const text = `apiVersion: murphy.dev/v1alpha1
kind: MurphyRun
metadata: {name: demo}
spec:
  model: {name: builtin:tiny}
  dataset: {source: builtin:mini}
  training: {temperature: 0.8, maxNewTokens: 256}
  executor: {timeoutSeconds: 4}
  algorithm: {prompts: {footer: "Try again."}}
${extra}`;
  const result = loadMurphyRuns(text);
  if (!result.ok || !result.runs[0]) throw new Error(JSON.stringify(result));
  return { run: result.runs[0], path: '/runs/demo.yaml', baseDir: '/runs' };
}

describe('resolveEvalSettings', () => {
  it('uses the paper\'s protocol on builtin:mini by default, drawing visible tests with --seed', () => {
    const { settings, templates, baseDir } = resolveEvalSettings(parseEvalFlags(['--model', 'm', '--seed', '3']), undefined, '/work');
    expect(settings).toEqual({
      datasets: [{ name: 'builtin:mini', spec: { source: 'builtin:mini', format: 'auto', seed: 3, visibleTests: 2 } }],
      iterations: [1, 3], runs: 3, sampling: { temperature: 0.6, topP: 0.95 }, seed: 3, timeoutSeconds: 10, concurrency: 8, selfReflection: false,
    });
    expect(templates).toBe(DEFAULT_TEMPLATES);
    expect(baseDir).toBe('/work');
  });

  it('reads spec.evaluation, the run\'s sampling, templates and timeout, with flags winning', () => {
    const run = runFile('  evaluation: {datasets: [{source: data/he.jsonl.gz, seed: 5}], iterations: [3, 1, 2], runs: 2, topP: 0.9, maxNewTokens: 512, selfReflection: true}\n');
    const { settings, templates, baseDir, spec } = resolveEvalSettings(parseEvalFlags(['--model', 'm', '--config', 'x', '--runs', '4', '--limit', '10']), run, '/work');
    expect(settings.datasets).toEqual([{ name: 'he', spec: { source: 'data/he.jsonl.gz', format: 'auto', seed: 5, visibleTests: 2, limit: 10 } }]);
    expect(settings).toMatchObject({ iterations: [1, 2, 3], runs: 4, sampling: { temperature: 0.8, topP: 0.9, maxNewTokens: 512 }, timeoutSeconds: 4, selfReflection: true });
    expect(templates.footer).toBe('Try again.');
    expect(baseDir).toBe('/runs');
    expect(spec?.model.name).toBe('builtin:tiny');
  });

  it('caps completions at the model\'s maximum generation length unless asked otherwise, not at training\'s cap', () => {
    const fromRun = resolveEvalSettings(parseEvalFlags(['--model', 'm', '--config', 'x']), runFile('  evaluation: {datasets: [{source: builtin:mini}]}\n'), '/w').settings;
    expect(fromRun.sampling).toEqual({ temperature: 0.8, topP: 0.95 });
    expect(withModelLimit(fromRun, 40_960).sampling.maxNewTokens).toBe(40_960);
    const flagged = resolveEvalSettings(parseEvalFlags(['--model', 'm', '--max-new-tokens', '64', '--self-reflection']), undefined, '/w').settings;
    expect(withModelLimit(flagged, 40_960)).toMatchObject({ sampling: { maxNewTokens: 64 }, selfReflection: true });
  });

  it('asks for datasets when the run has no spec.evaluation, and refuses two datasets of the same name', () => {
    expect(() => resolveEvalSettings(parseEvalFlags(['--model', 'm', '--config', 'run.yaml']), runFile(''), '/w')).toThrow(
      'run.yaml: spec.evaluation is not set; add spec.evaluation.datasets to the run or pass --dataset',
    );
    const given = resolveEvalSettings(parseEvalFlags(['--model', 'm', '--config', 'run.yaml', '--dataset', 'a.jsonl']), runFile(''), '/w').settings.datasets;
    expect(given.map((d) => [d.name, d.spec.source])).toEqual([['a', '/w/a.jsonl']]);
    expect(() => resolveEvalSettings(parseEvalFlags(['--model', 'm', '--dataset', 'x/a.jsonl', '--dataset', 'y/a.jsonl']), undefined, '/w')).toThrow(/both named "a"/);
  });
});
