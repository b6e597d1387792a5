// Exponential backoff with full jitter, capped: the delay before retry number `attempt` (0-based).

export interface Backoff {
  readonly baseMs: number;
  readonly maxMs: number;
}

export function backoffDelay(backoff: Backoff, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
