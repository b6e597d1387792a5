import { describe, expect, it } from '@jest/globals';
import type { V1Job } from '@kubernetes/client-node';
import { REPORT_GRACE_MS, trainingOutcome } from './training-outcome.js';

const t0 = new Date('2030-01-01T00:00:00Z');
const completeJob: V1Job = { metadata: { name: 'r-coordinator' }, status: { conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: t0 }] } };
const report = (step: number, checkpoint = step) => ({ step, totalSteps: 10, passRates: [], lastCheckpoint: { step: checkpoint, path: `/c/${checkpoint}` } });

describe('trainingOutcome', () => {
  it('finishes on the report of the last step with its checkpoint, whatever the Job says', () => {
    expect(trainingOutcome(undefined, report(10), t0)).toEqual({ kind: 'finished' });
    expect(trainingOutcome(completeJob, report(10), t0)).toEqual({ kind: 'finished' });
    expect(trainingOutcome(undefined, report(10, 8), t0)).toEqual({ kind: 'training' });
    expect(trainingOutcome(undefined, { step: 10, passRates: [] }, t0)).toEqual({ kind: 'training' });
  });

  it('does not finish on a completed Job without that report: waits for the report, then calls it stopped early', () => {
    expect(trainingOutcome(completeJob, report(4), new Date(t0.getTime() + 1_000))).toEqual({
      kind: 'unreported', waitMs: REPORT_GRACE_MS - 1_000, message: "r-coordinator completed at step 4 of 10 without reporting the run's last step",
    });
    expect(trainingOutcome(completeJob, undefined, new Date(t0.getTime() + REPORT_GRACE_MS + 1))).toMatchObject({ waitMs: 0, message: expect.stringContaining('before its first step') });
    expect(trainingOutcome({ status: {} }, report(4), t0)).toEqual({ kind: 'training' });
  });
});
