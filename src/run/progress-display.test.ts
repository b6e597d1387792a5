import { describe, expect, it } from '@jest/globals';
import { formatDuration, ProgressDisplay } from './progress-display.js';
import type { StepReport } from '../coordinator/step/step-report.js';
import type { RunState } from '../coordinator/persistence/run-state.js';

const report = {
  step: 1, policyVersion: 1, samples: [{}, {}], rolloutsPerSecond: 2.5,
  turns: [{ passRate: 0.25 }, { passRate: 0.5 }],
  counters: { rollouts: 12, dropped: { generate: 0, execute: 1 } },
  seconds: { step: 90, rollout: 60, train: 25, sync: 5 },
} as unknown as StepReport;
const state = { step: 1, totalSteps: 3 } as RunState;

describe('ProgressDisplay', () => {
  it('writes plain lines when not on a terminal', () => {
    let text = '';
    const display = new ProgressDisplay({ write: (t) => void (text += t), isTTY: false });
    display.stepStarted(1, 3);
    display.rollout();
    display.stepFinished(report, state);
    expect(text).toBe(
      'step 1/3: generating\n' +
        'step 1/3: pass rate per turn 0.25/0.50, 12 rollouts (2.5/s), 2 samples trained, policy v1, 1m30s (rollout 1m00s, train 25s, sync 5s), ETA 3m00s, dropped {"generate":0,"execute":1}\n',
    );
  });

  it('rewrites one status line on a terminal', () => {
    let text = '';
    let now = 0;
    const display = new ProgressDisplay({ write: (t) => void (text += t), isTTY: true }, () => now);
    display.stepStarted(2, 3);
    now = 2000;
    display.rollout();
    expect(text).toContain('\r\x1b[2Kstep 2/3 · 1 rollouts · 0.5/s · 2s');
  });

  it('formats durations', () => {
    expect([formatDuration(5), formatDuration(125), formatDuration(7300), formatDuration(Number.NaN)]).toEqual(['5s', '2m05s', '2h01m', '?']);
  });
});
