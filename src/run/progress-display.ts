// What `murphy run` shows while it works. On a terminal: one status line rewritten in place
// (step/total, rollouts so far, pass rate per turn, rollouts/s, ETA) above a line per finished
// step. Elsewhere (CI logs, pipes): plain lines, one per event, nothing rewritten.
import type { CoordinatorListener } from '../coordinator/coordinator.js';
import type { RunState } from '../coordinator/persistence/run-state.js';
import type { StepReport } from '../coordinator/step/step-report.js';

export interface Output {
  write(text: string): void;
  readonly isTTY: boolean;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

const rates = (report: StepReport) => report.turns.map((t) => t.passRate.toFixed(2)).join('/');

export class ProgressDisplay implements CoordinatorListener {
  private step = 0;
  private total = 0;
  private rollouts = 0;
  private stepStart = 0;
  private readonly stepSeconds: number[] = [];
  private lastDraw = 0;

  constructor(
    private readonly out: Output,
    private readonly now: () => number = () => performance.now(),
  ) {}

  message(text: string): void {
    this.clearLine();
    this.out.write(`${text}\n`);
  }

  resumed(state: RunState, note: string | null): void {
    this.message(`resuming after step ${state.step}/${state.totalSteps}${note ? ` (${note})` : ''}`);
  }

  stepStarted(step: number, totalSteps: number): void {
    this.step = step;
    this.total = totalSteps;
    this.rollouts = 0;
    this.stepStart = this.now();
    if (!this.out.isTTY) this.out.write(`step ${step}/${totalSteps}: generating\n`);
    else this.draw(true);
  }

  /** A completion was executed; redraws at most a few times per second. */
  rollout(): void {
    this.rollouts++;
    if (this.out.isTTY) this.draw(false);
  }

  stepFinished(report: StepReport, state: RunState): void {
    this.stepSeconds.push(report.seconds.step);
    const s = report.seconds;
    const line =
      `step ${state.step}/${state.totalSteps}: pass rate per turn ${rates(report)}, ${report.counters.rollouts} rollouts ` +
      `(${report.rolloutsPerSecond.toFixed(1)}/s), ${report.samples.length} samples trained, policy v${report.policyVersion}, ` +
      `${formatDuration(s.step)} (rollout ${formatDuration(s.rollout)}, train ${formatDuration(s.train)}, sync ${formatDuration(s.sync)}), ETA ${this.eta(state)}` +
      (report.counters.dropped.generate + report.counters.dropped.execute > 0 ? `, dropped ${JSON.stringify(report.counters.dropped)}` : '');
    this.message(line);
  }

  private eta(state: RunState): string {
    if (this.stepSeconds.length === 0) return '?';
    const mean = this.stepSeconds.reduce((a, b) => a + b, 0) / this.stepSeconds.length;
    return formatDuration(mean * (state.totalSteps - state.step));
  }

  private draw(force: boolean): void {
    const now = this.now();
    if (!force && now - this.lastDraw < 250) return;
    this.lastDraw = now;
    const elapsed = (now - this.stepStart) / 1000;
    const rate = elapsed > 0 ? (this.rollouts / elapsed).toFixed(1) : '0.0';
    this.out.write(`\r\x1b[2Kstep ${this.step}/${this.total} · ${this.rollouts} rollouts · ${rate}/s · ${formatDuration(elapsed)}`);
  }

  private clearLine(): void {
    if (this.out.isTTY) this.out.write('\r\x1b[2K');
  }
}
