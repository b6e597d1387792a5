// What the tracking follower (images/tracking) says of each tracker, in the run directory beside
// metrics.jsonl: read by `murphy run` to show a tracker going down or coming back, and by the
// coordinator to pass it on in its progress reports (the MurphyRun's TrackingDegraded condition).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { trackingStatusSchema, type TrackingStatus } from '../../k8s/progress.js';

export const trackingStatusFile = (runDir: string): string => join(runDir, 'tracking', 'status.json');

/** Undefined until the follower wrote it (or while it replaces it). */
export function readTrackingStatus(runDir: string): TrackingStatus | undefined {
  try {
    const parsed = trackingStatusSchema.safeParse(JSON.parse(readFileSync(trackingStatusFile(runDir), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
