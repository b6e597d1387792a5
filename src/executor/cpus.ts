// How many CPUs the executor may keep busy: those it may run on (affinity, e.g. a cpuset) and, in a
// container, its CPU quota (cgroup v2 cpu.max or v1 cpu.cfs_quota_us). Each slot is pinned to one of
// them, so more slots than this would make one slot's busy processes starve another's tests.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** CPUs allowed by the CFS quota, or undefined when unlimited or unknown. */
export function quotaCpus(cgroupRoot = '/sys/fs/cgroup'): number | undefined {
  const v2 = readText(`${cgroupRoot}/cpu.max`)?.split(/\s+/);
  const [quota, period] = v2 ?? [readText(`${cgroupRoot}/cpu/cpu.cfs_quota_us`), readText(`${cgroupRoot}/cpu/cpu.cfs_period_us`)];
  const q = Number(quota);
  const p = Number(period);
  if (!Number.isFinite(q) || !Number.isFinite(p) || q <= 0 || p <= 0) return undefined;
  return Math.max(1, Math.ceil(q / p));
}

export function usableCpus(cgroupRoot?: string): number {
  const quota = quotaCpus(cgroupRoot);
  return Math.min(availableParallelism(), quota ?? Infinity);
}
