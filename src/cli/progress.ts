// Progress on stderr for a command that may take a while: nothing for the first seconds (a quick
// command stays quiet), then a line every few seconds, and a last line when it is done.
import type { CommandIO } from './command.js';

export interface Progress {
  /** `describe` is called only when a line is due, so a caller may pass it on every item. */
  update(describe: () => string): void;
  done(describe: () => string): void;
}

export interface ProgressTiming {
  readonly quietMs: number;
  readonly everyMs: number;
  readonly now: () => number;
}

const DEFAULT_TIMING: ProgressTiming = { quietMs: 2000, everyMs: 2000, now: () => Date.now() };

export function progressOn(io: Pick<CommandIO, 'stderr'>, label: string, timing: ProgressTiming = DEFAULT_TIMING): Progress {
  const started = timing.now();
  let next = started + timing.quietMs;
  let shown = false;
  return {
    update(describe) {
      const now = timing.now();
      if (now < next) return;
      next = now + timing.everyMs;
      shown = true;
      io.stderr(`${label}: ${describe()}\n`);
    },
    done(describe) {
      if (shown) io.stderr(`${label}: ${describe()} in ${((timing.now() - started) / 1000).toFixed(1)} s\n`);
    },
  };
}

/**
 * Progress for one long call that reports nothing itself (a program under its tests' time limits):
 * `describe` gets the seconds so far, and is asked every `tickMs`; lines follow the progress timing.
 */
export async function whileRunning<T>(progress: Progress, describe: (seconds: number) => string, work: Promise<T>, clock: { now: () => number; tickMs: number } = { now: Date.now, tickMs: 500 }): Promise<T> {
  const { now, tickMs } = clock;
  const started = now();
  const seconds = () => Math.round((now() - started) / 1000);
  const timer = setInterval(() => progress.update(() => describe(seconds())), tickMs);
  try {
    return await work;
  } finally {
    clearInterval(timer);
    progress.done(() => 'done');
  }
}
