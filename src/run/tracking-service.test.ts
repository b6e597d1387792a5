import { describe, expect, it } from '@jest/globals';
import { trackingChanges, trackingCommand, trackingPython } from './tracking-service.js';
import { RunLayout } from './run-layout.js';

describe('the tracking follower of a local run', () => {
  it('follows the run directory with its run.yaml, this checkout\'s murphy_tracking first on the path', () => {
    const layout = new RunLayout('/r', 'demo');
    const command = trackingCommand(layout, '/src/murphy', '/venv/bin/python', { HOME: '/h' });
    expect([command.command, command.args, command.logFile]).toEqual(['/venv/bin/python', ['-m', 'murphy_tracking', 'follow', '/r/demo', '--config', '/r/demo/run.yaml'], '/r/demo/logs/tracking.log']);
    expect(command.env).toMatchObject({ HOME: '/h', PYTHONPATH: '/src/murphy/images/tracking' });
  });

  it('says how to install the trackers\' environment when there is none', () => {
    expect(() => trackingPython({ MURPHY_CACHE: '/nonexistent' })).toThrow(/run "make setup" \(scripts\/setup.d\/43-tracking-python.sh\) or set MURPHY_TRACKING_PYTHON/);
    expect(trackingPython({ MURPHY_TRACKING_PYTHON: '/opt/py' })).toBe('/opt/py');
  });

  it('reports a tracker going down and coming back, once each', () => {
    const down = { mlflow: { ok: false, step: 3, error: 'refused' }, tensorboard: { ok: true, step: 4 } };
    expect(trackingChanges({}, down, 'l.log')).toEqual(['tracking: warning: mlflow cannot log (refused); training goes on, and mlflow gets the steps it missed once it is back (l.log)']);
    expect(trackingChanges(down, down, 'l.log')).toEqual([]);
    expect(trackingChanges(down, { mlflow: { ok: true, step: 5 }, tensorboard: { ok: true, step: 5 } }, 'l.log')).toEqual(['tracking: mlflow is back and up to date with step 5']);
  });
});
