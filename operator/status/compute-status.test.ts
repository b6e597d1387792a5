import { describe, expect, it } from '@jest/globals';
import { computeStatus, type StatusInputs } from './compute-status.js';

const ready = { ready: true, serving: true, message: '1/1 ready' };
const waiting = { ready: false, serving: false, message: '0/1 ready' };
const t0 = new Date('2030-01-01T00:00:00Z');

function inputs(overrides: Partial<StatusInputs> = {}): StatusInputs {
  return {
    generation: 3,
    previous: undefined,
    maxSteps: 10,
    suspended: false,
    components: { inference: waiting, executor: waiting, trainer: waiting, coordinator: waiting },
    complete: false,
    restartCount: 0,
    now: t0,
    ...overrides,
  };
}

const condition = (status: ReturnType<typeof computeStatus>, type: string) => status.conditions?.find((c) => c.type === type);

describe('computeStatus', () => {
  it('moves Pending -> Initializing -> Running as components become ready', () => {
    expect(computeStatus(inputs()).phase).toBe('Pending');
    expect(computeStatus(inputs({ components: { inference: ready, executor: waiting, trainer: waiting, coordinator: waiting } })).phase).toBe('Initializing');
    const running = computeStatus(inputs({ components: { inference: ready, executor: ready, trainer: ready, coordinator: ready } }));
    expect(running.phase).toBe('Running');
    expect(condition(running, 'Ready')).toMatchObject({ status: 'True', reason: 'AllComponentsReady', observedGeneration: 3 });
  });

  it('never steps back from Running while a component is replaced, restarts or finishes; a resume starts over', () => {
    const running = computeStatus(inputs({ components: { inference: ready, executor: ready, trainer: ready, coordinator: ready } }));
    const coordinatorGone = { inference: ready, executor: ready, trainer: ready, coordinator: waiting };
    const later = computeStatus(inputs({ previous: running, components: coordinatorGone }));
    expect(later.phase).toBe('Running');
    expect(condition(later, 'CoordinatorReady')?.status).toBe('False');
    expect(computeStatus(inputs({ previous: running, restarting: 'trainer failed' })).phase).toBe('Running');
    const suspended = computeStatus(inputs({ previous: running, suspended: true }));
    expect(computeStatus(inputs({ previous: suspended, components: coordinatorGone })).phase).toBe('Initializing');
  });

  it('is Running while a replica is missing but every component serves; Ready says which is short', () => {
    const oneOfTwo = { ready: false, serving: true, message: '1/2 replicas ready' };
    const status = computeStatus(inputs({ components: { inference: ready, executor: oneOfTwo, trainer: ready, coordinator: ready } }));
    expect(status.phase).toBe('Running');
    expect(condition(status, 'Ready')).toMatchObject({ status: 'False', message: 'waiting for executor (1/2 replicas ready)' });
    expect(condition(status, 'ExecutorReady')?.status).toBe('False');
  });

  it('says what it waits for', () => {
    const status = computeStatus(inputs({ components: { inference: ready, executor: ready, trainer: { ready: false, serving: false, message: '1/2 pods ready' }, coordinator: ready } }));
    expect(condition(status, 'Ready')?.message).toBe('waiting for trainer (1/2 pods ready)');
    expect(condition(status, 'TrainerReady')).toMatchObject({ status: 'False', reason: 'NotReady' });
  });

  it('keeps lastTransitionTime while a condition keeps its status, so a recomputation is identical', () => {
    const first = computeStatus(inputs());
    const later = computeStatus(inputs({ previous: first, now: new Date('2030-01-02T00:00:00Z') }));
    expect(later).toEqual(first);
    const changed = computeStatus(inputs({ previous: first, now: new Date('2030-01-02T00:00:00Z'), suspended: true }));
    expect(condition(changed, 'Suspended')?.lastTransitionTime).toBe('2030-01-02T00:00:00Z');
    expect(condition(changed, 'Ready')?.lastTransitionTime).toBe('2030-01-01T00:00:00Z');
  });

  it('puts failure before completion before suspension', () => {
    expect(computeStatus(inputs({ suspended: true })).phase).toBe('Suspended');
    expect(computeStatus(inputs({ suspended: true, complete: true })).phase).toBe('Succeeded');
    const failed = computeStatus(inputs({ complete: true, failure: { reason: 'RestartLimitExceeded', message: 'trainer failed' } }));
    expect(failed.phase).toBe('Failed');
    expect(condition(failed, 'Failed')).toMatchObject({ status: 'True', reason: 'RestartLimitExceeded', message: 'trainer failed' });
  });

  it('stays Running after training until the final evaluation has finished, and carries status.evaluation', () => {
    const evaluation = { phase: 'Running' as const, message: 'evaluating the final model' };
    const evaluating = computeStatus(inputs({ complete: true, evaluationPending: true, evaluation }));
    expect(evaluating.phase).toBe('Running');
    expect(evaluating.evaluation).toEqual(evaluation);
    expect(condition(evaluating, 'Complete')?.status).toBe('True');
    expect(computeStatus(inputs({ complete: true, evaluationPending: false })).phase).toBe('Succeeded');
    expect(computeStatus(inputs({ complete: true, evaluationPending: true, suspended: true })).phase).toBe('Suspended');
  });

  it('folds the progress report in and keeps the last known values without one', () => {
    const progress = { step: 4, totalSteps: 20, passRates: [0.25, 0.5], lastCheckpoint: { step: 4, path: '/checkpoints/r/4' } };
    const status = computeStatus(inputs({ progress, restartCount: 1 }));
    expect(status).toMatchObject({ step: 4, totalSteps: 20, passRates: [0.25, 0.5], passRateSummary: '0.25/0.50', lastCheckpoint: { step: 4 }, restartCount: 1 });
    expect(computeStatus(inputs({ previous: status })).passRateSummary).toBe('0.25/0.50');
  });

  it('marks the trainer and coordinator Restarting while a restart waits', () => {
    const status = computeStatus(inputs({ restarting: 'trainer failed; restarting in 10 s' }));
    expect(condition(status, 'TrainerReady')).toMatchObject({ reason: 'Restarting', message: 'trainer failed; restarting in 10 s' });
    expect(condition(status, 'CoordinatorReady')?.reason).toBe('Restarting');
  });
});
