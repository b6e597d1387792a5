import { describe, expect, it } from '@jest/globals';
import { sandboxCondition } from './sandbox-condition.js';

describe('sandboxCondition', () => {
  it('is true only when the executors run a weaker sandbox than asked', () => {
    expect(sandboxCondition({ asked: 'auto', inForce: 'process' }, undefined)).toMatchObject({ status: true, reason: 'FellBackToProcess' });
    expect(sandboxCondition({ asked: 'bwrap', inForce: 'process' }, undefined)).toMatchObject({ status: true });
    expect(sandboxCondition({ asked: 'auto', inForce: 'bwrap' }, undefined)).toMatchObject({ status: false, reason: 'AsAsked' });
    expect(sandboxCondition({ asked: 'process', inForce: 'process' }, undefined)).toMatchObject({ status: false, reason: 'AsAsked' });
  });

  it('keeps the last known state while no report says otherwise', () => {
    expect(sandboxCondition({ asked: 'auto', inForce: undefined }, undefined)).toMatchObject({ status: false, reason: 'NotReported' });
    const previous = [{ type: 'ExecutorSandboxDegraded', status: 'True' as const, reason: 'FellBackToProcess', message: 'm', lastTransitionTime: '2026-01-01T00:00:00Z' }];
    expect(sandboxCondition({ asked: 'auto', inForce: undefined }, previous)).toEqual({ type: 'ExecutorSandboxDegraded', status: true, reason: 'FellBackToProcess', message: 'm' });
  });
});
