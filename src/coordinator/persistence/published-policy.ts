// The policy the run is at, published for inference replicas that start later: after every export
// the coordinator writes STATE_DIR/policy.json ({"directory", "policyVersion"}; temporary file,
// then rename), and a starting replica given `--policy-file` loads that directory before it serves.
// A replica that started just before a publication is caught by the version check on completions.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { WeightsDirectory } from '../clients/service-clients.js';
import { writeAtomically } from './write-atomically.js';

export const POLICY_FILE = 'policy.json';

export class PublishedPolicy {
  constructor(private readonly dir: string) {}

  get path(): string {
    return join(this.dir, POLICY_FILE);
  }

  async publish(weights: WeightsDirectory): Promise<void> {
    await writeAtomically(this.path, `${JSON.stringify({ directory: weights.path, policyVersion: weights.version })}\n`);
  }

  /** A fresh run serves the model's own weights: no earlier run's policy is left for replicas to load. */
  async clear(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
