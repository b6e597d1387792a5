import { describe, expect, it } from '@jest/globals';
import { defaultImages } from './images.js';
import { UsageError } from '../src/user-input/usage-error.js';
import { parseOperatorFlags } from './flags.js';

describe('operator flags', () => {
  it('defaults the executor image to the executor image (python3 and bubblewrap), not the plain murphy image', () => {
    expect(parseOperatorFlags([], {}).images.executor).toBe('ghcr.io/murphy-dev/murphy-executor:0.1.0');
    expect(defaultImages.coordinator).toBe('ghcr.io/murphy-dev/murphy:0.1.0');
  });

  it('takes the default executor RuntimeClass from --executor-runtime-class, else MURPHY_EXECUTOR_RUNTIME_CLASS', () => {
    expect(parseOperatorFlags([], {}).executorRuntimeClass).toBeUndefined();
    expect(parseOperatorFlags([], { MURPHY_EXECUTOR_RUNTIME_CLASS: 'gvisor' }).executorRuntimeClass).toBe('gvisor');
    expect(parseOperatorFlags(['--executor-runtime-class', 'kata'], { MURPHY_EXECUTOR_RUNTIME_CLASS: 'gvisor' }).executorRuntimeClass).toBe('kata');
  });

  it('parses with the shared flag parser: numbers, durations and unknown flags are usage errors naming the flag', () => {
    const flags = parseOperatorFlags(['--metrics-port=0', '--restart-backoff', '2m', '--no-leader-elect', '--namespaces', 'a, b'], {});
    expect(flags).toMatchObject({ metricsPort: 0, restartBackoffMs: 120_000, leaderElect: false, namespaces: ['a', 'b'] });
    expect(() => parseOperatorFlags(['--restart-limit', 'x'], {})).toThrow(new UsageError('--restart-limit: expected a non-negative integer, got "x"'));
    expect(() => parseOperatorFlags(['--restart-backoff', 'soon'], {})).toThrow('--restart-backoff: expected a duration such as 10s, 2m or 500ms, got "soon"');
    expect(() => parseOperatorFlags(['--leader'], {})).toThrow(/^unknown flag --leader; usage: murphy operator /);
  });
});

