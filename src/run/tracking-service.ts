// The tracking follower of a local run (images/tracking, `python -m murphy_tracking follow`): it
// reads runs/<name>/metrics.jsonl and the evaluation reports as they are written and logs them to
// the trackers of spec.tracking. It is no part of training: the run neither waits for it nor fails
// with it; its state (tracking/status.json) is shown as it changes.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { TRACKERS, type TrackingSpec } from '../api/murphyrun.js';
import { readTrackingStatus } from '../coordinator/persistence/tracking-status.js';
import type { TrackingStatus } from '../k8s/progress.js';
import type { ServiceCommand } from './child-service.js';
import type { RunLayout } from './run-layout.js';
import { ServiceStartError } from './user-errors.js';

/** The trackers' own Python environment (scripts/setup.d/43-tracking-python.sh), apart from the trainer's. */
export function trackingPython(env: NodeJS.ProcessEnv): string {
  if (env.MURPHY_TRACKING_PYTHON !== undefined) return env.MURPHY_TRACKING_PYTHON;
  const pathFile = join(env.MURPHY_CACHE ?? join(homedir(), '.cache', 'murphy'), 'tracking-python.path');
  const python = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  if (python === undefined || !existsSync(python)) {
    throw new ServiceStartError('spec.tracking needs the trackers\' Python environment: run "make setup" (scripts/setup.d/43-tracking-python.sh) or set MURPHY_TRACKING_PYTHON');
  }
  return python;
}

export function trackingCommand(layout: RunLayout, root: string, python: string, env: NodeJS.ProcessEnv): ServiceCommand {
  return {
    name: 'tracking',
    command: python,
    args: ['-m', 'murphy_tracking', 'follow', layout.dir, '--config', join(layout.dir, 'run.yaml')],
    env: { ...env, PYTHONPATH: join(root, 'images', 'tracking'), PYTHONUNBUFFERED: '1' },
    logFile: layout.log('tracking'),
  };
}

export const trackerNames = (tracking: TrackingSpec): string[] => TRACKERS.filter((name) => tracking[name] !== undefined);

/** Lines for the trackers whose state changed between two readings of tracking/status.json. */
export function trackingChanges(before: TrackingStatus, now: TrackingStatus, logFile: string): string[] {
  return Object.entries(now).flatMap(([name, status]) => {
    if (status.ok === (before[name]?.ok ?? true)) return [];
    return status.ok
      ? [`tracking: ${name} is back and up to date with step ${status.step}`]
      : [`tracking: warning: ${name} cannot log (${status.error ?? 'unknown error'}); training goes on, and ${name} gets the steps it missed once it is back (${logFile})`];
  });
}

/** Reads tracking/status.json every `intervalMs` and reports changes; returns the stop function. */
export function watchTracking(layout: RunLayout, intervalMs: number, report: (line: string) => void): () => void {
  let last: TrackingStatus = {};
  const check = () => {
    const now = readTrackingStatus(layout.dir);
    if (now === undefined) return;
    for (const line of trackingChanges(last, now, layout.log('tracking'))) report(line);
    last = now;
  };
  const timer = setInterval(check, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    check();
  };
}
