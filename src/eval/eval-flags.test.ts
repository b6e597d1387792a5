import { describe, expect, it } from '@jest/globals';
import { parseEvalFlags, parseIterations } from './eval-flags.js';

describe('murphy eval flags', () => {
  it('takes --dataset repeatedly, in order, and every other flag once', () => {
    const flags = parseEvalFlags(['--model', 'builtin:tiny', '--dataset', 'a.jsonl', '--dataset=builtin:mini', '--iterations', '3,1,3', '--runs', '5', '--temperature', '0', '--top-p=0.5', '--seed', '7']);
    expect(flags).toMatchObject({ model: 'builtin:tiny', datasets: ['a.jsonl', 'builtin:mini'], iterations: [1, 3], runs: 5, temperature: 0, topP: 0.5, seed: 7, backend: 'hf', sandbox: 'auto', table: 'long' });
    expect(parseEvalFlags(['--model', 'm', '--table', 'paper']).table).toBe('paper');
    expect(() => parseEvalFlags(['--model', 'm', '--table', 'wide'])).toThrow('--table: expected one of long, paper, got "wide"');
    expect(flags).not.toHaveProperty('inference');
    expect(flags).not.toHaveProperty('maxNewTokens');
  });

  it('needs one model source: --model, --inference, or the run of --config', () => {
    expect(() => parseEvalFlags([])).toThrow(/give --model .*, --inference .* or --config/);
    expect(() => parseEvalFlags(['--model', 'm', '--inference', 'h:1'])).toThrow('give only one of --model and --inference');
    expect(parseEvalFlags(['--config', 'run.yaml'])).not.toHaveProperty('model');
    expect(parseEvalFlags(['--inference', 'h:1', '--executor', 'h:2'])).toMatchObject({ inference: 'h:1', executor: 'h:2', datasets: [] });
  });

  it('names the bad flag and what it expects', () => {
    expect(() => parseIterations('1,x')).toThrow('--iterations: expected comma-separated integers from 1 to 10 such as "1,3", got "x"');
    expect(() => parseIterations('0')).toThrow('--iterations: expected comma-separated integers from 1 to 10 such as "1,3", got "0"');
    expect(() => parseEvalFlags(['--model', 'm', '--runs', '0'])).toThrow('--runs: expected an integer >= 1, got 0');
    expect(() => parseEvalFlags(['--model', 'm', '--top-p', '1.5'])).toThrow('--top-p: expected a number in (0, 1], got "1.5"');
    expect(() => parseEvalFlags(['--model', 'm', '--backend', 'tgi'])).toThrow('--backend: expected one of hf, vllm, got "tgi"');
    expect(() => parseEvalFlags(['--model', 'm', '--dataset'])).toThrow(/--dataset needs a value/);
    expect(() => parseEvalFlags(['--model', 'm', '--turns', '2'])).toThrow(/unknown flag --turns/);
    expect(() => parseEvalFlags(['--model', 'm', 'extra'])).toThrow(/unexpected argument "extra"/);
  });
});
