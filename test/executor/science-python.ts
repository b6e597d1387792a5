// The interpreter with the executor image's scientific stack (numpy, pandas, matplotlib, scipy,
// scikit-learn, requests, seaborn, bs4), made by scripts/setup.d/41-executor-python.sh;
// MURPHY_SCIENCE_PYTHON overrides it.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function sciencePython(): string {
  const override = process.env['MURPHY_SCIENCE_PYTHON'];
  if (override) return override;
  const cache = process.env['MURPHY_CACHE'] ?? join(homedir(), '.cache', 'murphy');
  try {
    return readFileSync(join(cache, 'executor-python.path'), 'utf8').trim();
  } catch {
    throw new Error('no scientific interpreter for the executor tests: run `make setup` (scripts/setup.d/41-executor-python.sh)');
  }
}
