// What `murphy run` leaves in runs/<name>/: the coordinator's state and logs at the top
// (state.json, metrics.jsonl, trees.jsonl, pending-step.json, metrics.prom), trainer checkpoints and exported
// weights under checkpoints/, and one log per service under logs/.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export class RunLayout {
  readonly dir: string;

  constructor(runsDir: string, name: string) {
    this.dir = resolve(runsDir, name);
  }

  get checkpoints(): string {
    return join(this.dir, 'checkpoints');
  }

  get logs(): string {
    return join(this.dir, 'logs');
  }

  log(service: string): string {
    return join(this.logs, `${service}.log`);
  }

  async create(): Promise<void> {
    await mkdir(this.checkpoints, { recursive: true });
    await mkdir(this.logs, { recursive: true });
  }
}
