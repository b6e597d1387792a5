import { describe, expect, it } from '@jest/globals';
import { planResume, ResumeError } from './resume-plan.js';
import { initialState, type RunState } from './run-state.js';

const at = (step: number, lastCheckpoint?: RunState['lastCheckpoint']): RunState => ({
  ...initialState({ training: 0, dataset: 0 }, 10, new Date(0)),
  step,
  cursor: step * 4,
  policyVersion: step,
  ...(lastCheckpoint ? { lastCheckpoint } : {}),
});

describe('planResume', () => {
  it('continues when the trainer is where the state says', () => {
    expect(planResume(at(3), 3, 4)).toMatchObject({ kind: 'continue', state: { step: 3, cursor: 12 } });
  });

  it('takes a step the trainer applied but the state missed as done', () => {
    expect(planResume(at(3), 4, 4)).toMatchObject({ kind: 'applied', state: { step: 4, cursor: 16, policyVersion: 4 } });
  });

  it('goes back to the last checkpoint, or to the start when there is none', () => {
    const checkpoint = { step: 2, path: '/c/2', time: '', cursor: 8, policyVersion: 2 };
    expect(planResume(at(5, checkpoint), 2, 4)).toMatchObject({ kind: 'rollback', state: { step: 2, cursor: 8, policyVersion: 2 } });
    expect(planResume(at(5), 0, 4)).toMatchObject({ kind: 'rollback', state: { step: 0, cursor: 0 } });
  });

  it('refuses anything else', () => {
    expect(() => planResume(at(5), 9, 4)).toThrow(ResumeError);
    expect(() => planResume(at(5), 3, 4)).toThrow(/policy version 3, but the saved state is at step 5/);
  });
});
