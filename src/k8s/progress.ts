// The coordinator's progress report: what it writes to the run's progress ConfigMap and what the
// operator folds into MurphyRun.status. Small, versionless JSON; unknown fields are ignored so the
// two sides can be upgraded one at a time.
import { z } from 'zod';

/** Each tracker's state as the tracking follower last wrote it (tracking/status.json in the run directory). */
export const trackingStatusSchema = z.record(
  z.string(),
  z.object({ ok: z.boolean(), step: z.number().int().nonnegative().default(0), error: z.string().optional() }),
);

export type TrackingStatus = z.output<typeof trackingStatusSchema>;

export const progressSchema = z.object({
  step: z.number().int().nonnegative(),
  totalSteps: z.number().int().nonnegative().optional(),
  /** Pass rate of the last step, one entry per turn (0..1). */
  passRates: z.array(z.number().min(0).max(1)).default([]),
  lastCheckpoint: z.object({ step: z.number().int().nonnegative(), path: z.string(), time: z.string().optional() }).optional(),
  /** The sandbox mode the executors run programs in (their Health answer: bwrap or process). */
  executorSandbox: z.string().min(1).optional(),
  /** The trackers of spec.tracking: whether each can be reached (the operator's TrackingDegraded condition). */
  tracking: trackingStatusSchema.optional(),
});

export type Progress = z.input<typeof progressSchema>;
export type ParsedProgress = z.output<typeof progressSchema>;

/** The ConfigMap key that holds the report. */
export const PROGRESS_KEY = 'progress.json';

/** Parses a report; a malformed one is treated as absent (the coordinator will write the next). */
export function parseProgress(text: string | undefined): ParsedProgress | undefined {
  if (!text) return undefined;
  try {
    const parsed = progressSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The report of the run's last step: every step trained and the final checkpoint saved (the
 * coordinator always checkpoints its last step). Only this finishes a run; a Job that completed
 * without it was stopped early.
 */
export function isFinalReport(progress: ParsedProgress | undefined): boolean {
  if (progress?.totalSteps === undefined) return false;
  return progress.step >= progress.totalSteps && progress.lastCheckpoint?.step === progress.step;
}

/** "0.42/0.61": pass rate per turn for kubectl's Pass-Rate column. */
export function passRateSummary(passRates: readonly number[]): string {
  return passRates.map((rate) => rate.toFixed(2)).join('/');
}
