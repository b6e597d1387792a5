// Processes still running under this executor's slot users (root runs give each slot its own
// uid from 1_000_000 + pid * 64): what "nothing left running" is checked against.
import { readdirSync, readFileSync } from 'node:fs';

export function slotUidRange(pid = process.pid): [number, number] {
  const first = 1_000_000 + pid * 64;
  return [first, first + 64];
}

export function slotProcesses(pid = process.pid): string[] {
  const [low, high] = slotUidRange(pid);
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let status: string;
    try {
      status = readFileSync(`/proc/${entry}/status`, 'utf8');
    } catch {
      continue;
    }
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
    const state = /^State:\s+(\S)/m.exec(status)?.[1];
    if (uid >= low && uid < high && state !== 'Z') found.push(`${entry} uid=${uid}`);
  }
  return found;
}
