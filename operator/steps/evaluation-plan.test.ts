import { describe, expect, it } from '@jest/globals';
import { planEvaluation, type EvaluationFacts } from './evaluation-plan.js';

const facts = (overrides: Partial<EvaluationFacts> = {}): EvaluationFacts => ({
  requested: true,
  baseModel: true,
  servicesReady: false,
  trainingStarted: false,
  trainingComplete: false,
  stopped: false,
  base: 'absent',
  final: 'absent',
  ...overrides,
});

describe('planEvaluation', () => {
  it('does nothing without spec.evaluation', () => {
    expect(planEvaluation(facts({ requested: false, trainingComplete: true }))).toEqual({ jobs: [], holdCoordinator: false, evaluatingFinal: false, finished: true });
  });

  it('holds the coordinator until the base evaluation, started once the services are ready, has finished', () => {
    expect(planEvaluation(facts())).toMatchObject({ jobs: [], holdCoordinator: true, finished: false });
    expect(planEvaluation(facts({ servicesReady: true }))).toMatchObject({ jobs: ['base'], holdCoordinator: true });
    expect(planEvaluation(facts({ base: 'running' }))).toMatchObject({ jobs: ['base'], holdCoordinator: true });
    expect(planEvaluation(facts({ base: 'complete' }))).toMatchObject({ jobs: ['base'], holdCoordinator: false });
    expect(planEvaluation(facts({ base: 'failed' })).holdCoordinator).toBe(false);
  });

  it('skips the base evaluation of a run that already trained, and of a suspended one until it resumes', () => {
    expect(planEvaluation(facts({ servicesReady: true, trainingStarted: true }))).toMatchObject({ jobs: [], holdCoordinator: false });
    expect(planEvaluation(facts({ servicesReady: true, stopped: true }))).toMatchObject({ jobs: [], holdCoordinator: true });
    expect(planEvaluation(facts({ baseModel: false, servicesReady: true })).holdCoordinator).toBe(false);
  });

  it('evaluates the final model after training, keeping the services up until it has finished', () => {
    const running = planEvaluation(facts({ baseModel: false, trainingStarted: true, trainingComplete: true }));
    expect(running).toEqual({ jobs: ['final'], holdCoordinator: false, evaluatingFinal: true, finished: false });
    expect(planEvaluation(facts({ baseModel: false, trainingComplete: true, final: 'complete' }))).toMatchObject({ evaluatingFinal: false, finished: true });
    expect(planEvaluation(facts({ baseModel: false, trainingComplete: true, final: 'failed' })).finished).toBe(true);
    expect(planEvaluation(facts({ baseModel: false, trainingComplete: true, stopped: true }))).toMatchObject({ jobs: [], evaluatingFinal: false, finished: false });
  });
});
