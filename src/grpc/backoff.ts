// Exponential backoff with full jitter: attempt n waits a random time in [0, min(max, initial * factor^n)],
// so that clients retrying after one outage do not come back in lockstep.

export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  /** Returns a number in [0, 1); injected so tests are deterministic. */
  readonly random: () => number;
}

export const defaultBackoff: BackoffOptions = { initialMs: 100, maxMs: 5_000, factor: 2, random: Math.random };

export function backoffDelay(attempt: number, options: BackoffOptions = defaultBackoff): number {
  const ceiling = Math.min(options.maxMs, options.initialMs * options.factor ** Math.max(0, attempt));
  return Math.floor(options.random() * ceiling);
}
