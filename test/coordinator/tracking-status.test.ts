// With spec.tracking, the coordinator passes the tracking follower's state (tracking/status.json in
// its directory) on in every progress report: the operator's TrackingDegraded condition reads it.
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProgressSink } from '../../src/coordinator/coordinator.js';
import { withTrackingStatus } from '../../src/coordinator/serve-coordinator.js';

describe('the trackers\' state in progress reports', () => {
  it('adds what the follower last wrote, and leaves a report alone before it wrote anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'murphy-tracking-status-'));
    const reports: unknown[] = [];
    const sink: ProgressSink = { report: (progress) => Promise.resolve(void reports.push(progress)) };
    const reporting = withTrackingStatus(sink, dir)!;
    await reporting.report({ step: 1, totalSteps: 4, passRates: [0.5] });
    mkdirSync(join(dir, 'tracking'));
    writeFileSync(join(dir, 'tracking', 'status.json'), JSON.stringify({ mlflow: { ok: false, step: 1, error: 'ConnectionError: refused' }, tensorboard: { ok: true, step: 2 } }));
    await reporting.report({ step: 2, totalSteps: 4, passRates: [0.5] });
    expect(reports).toEqual([
      { step: 1, totalSteps: 4, passRates: [0.5] },
      { step: 2, totalSteps: 4, passRates: [0.5], tracking: { mlflow: { ok: false, step: 1, error: 'ConnectionError: refused' }, tensorboard: { ok: true, step: 2 } } },
    ]);
    expect(withTrackingStatus(sink, undefined)).toBe(sink);
  });
});
