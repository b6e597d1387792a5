import { describe, expect, it } from '@jest/globals';
import { defaultImages } from './images.js';
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
});
