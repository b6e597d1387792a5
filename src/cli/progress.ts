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
