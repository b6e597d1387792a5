import { describe, expect, it } from '@jest/globals';
import { trackingCondition } from './tracking-condition.js';

describe('trackingCondition', () => {
  it('is true while a tracker cannot log, naming it, its error and the Secret', () => {
    const draft = trackingCondition({ credentialsSecret: 'mlflow-login', status: { mlflow: { ok: false, step: 3, error: 'ConnectionError: refused' }, tensorboard: { ok: true, step: 5 } } });
    expect(draft).toMatchObject({ type: 'TrackingDegraded', status: true, reason: 'TrackerUnreachable' });
    expect(draft.message).toMatch(/^mlflow cannot log after step 3 \(ConnectionError: refused\)\. Training goes on; .* the Secret mlflow-login/);
    expect(draft.message).not.toContain('tensorboard');
  });

  it('is false when every tracker logs, and before the first report', () => {
    expect(trackingCondition({ credentialsSecret: undefined, status: { mlflow: { ok: true, step: 5 } } })).toMatchObject({ status: false, reason: 'Reachable', message: 'mlflow: logging' });
    expect(trackingCondition({ credentialsSecret: undefined, status: undefined })).toMatchObject({ status: false, reason: 'NotReported' });
  });
});
