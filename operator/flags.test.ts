import { describe, expect, it } from '@jest/globals';
import { defaultImages } from './images.js';
import { UsageError } from '../src/user-input/usage-error.js';
import { parseOperatorFlags } from './flags.js';

describe('operator flags', () => {
  it('defaults the executor image to the executor image (python3 and bubblewrap), not the plain murphy image', () => {
    expect(parseOperatorFlags([], {}).images.executor).toBe('ghcr.io/murphy-dev/murphy-executor:0.1.0');
    expect(defaultImages.coordinator).toBe('ghcr.io/murphy-dev/murphy:0.1.0');
  });

  it('takes the default executor RuntimeClass from --executor-runtime-class, else MURPHY_EXECUTOR_RUNTIME_CLASS, else auto', () => {
    expect(parseOperatorFlags([], {}).executorRuntimeClass).toBe('auto');
    expect(parseOperatorFlags([], { MURPHY_EXECUTOR_RUNTIME_CLASS: 'gvisor' }).executorRuntimeClass).toBe('gvisor');
    expect(parseOperatorFlags(['--executor-runtime-class', 'kata'], { MURPHY_EXECUTOR_RUNTIME_CLASS: 'gvisor' }).executorRuntimeClass).toBe('kata');
    expect(parseOperatorFlags(['--executor-runtime-class', 'none'], { MURPHY_EXECUTOR_RUNTIME_CLASS: 'gvisor' }).executorRuntimeClass).toBe('none');
    expect(parseOperatorFlags(['--executor-runtime-class='], {}).executorRuntimeClass).toBe('none');
  });

  it('rejects an executor RuntimeClass that is no DNS name, naming where it came from', () => {
    expect(() => parseOperatorFlags(['--executor-runtime-class', 'Not_A_Name'], {})).toThrow(
      new UsageError('--executor-runtime-class: expected auto, none or a RuntimeClass name (a DNS subdomain such as gvisor), got "Not_A_Name"'),
    );
    expect(() => parseOperatorFlags([], { MURPHY_EXECUTOR_RUNTIME_CLASS: 'g visor' })).toThrow(/^MURPHY_EXECUTOR_RUNTIME_CLASS: expected auto, none/);
  });

  it('parses with the shared flag parser: numbers, durations and unknown flags are usage errors naming the flag', () => {
    const flags = parseOperatorFlags(['--metrics-port=0', '--restart-backoff', '2m', '--no-leader-elect', '--namespaces', 'a, b'], {});
    expect(flags).toMatchObject({ metricsPort: 0, restartBackoffMs: 120_000, leaderElect: false, namespaces: ['a', 'b'] });
    expect(() => parseOperatorFlags(['--restart-limit', 'x'], {})).toThrow(new UsageError('--restart-limit: expected a non-negative integer, got "x"'));
    expect(() => parseOperatorFlags(['--restart-backoff', 'soon'], {})).toThrow('--restart-backoff: expected a duration such as 10s, 2m or 500ms, got "soon"');
    expect(() => parseOperatorFlags(['--leader'], {})).toThrow(/^unknown flag --leader; usage: murphy operator /);
  });
});

