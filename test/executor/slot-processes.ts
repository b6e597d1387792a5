// Processes still running under this executor's slot users (root runs give each slot its own
// two uids of the engine's slotUidRange, its program's and its judge's): what "nothing left running"
// is checked against.
import { readdirSync, readFileSync } from 'node:fs';
import { slotUidRange } from '../../src/executor/engine.js';

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

/** The slot processes still running once they had `withinMs` to end (polled, so a loaded machine
 * gets the whole time and an idle one does not wait): what a killed run must leave behind. */
export async function slotProcessesAfter(withinMs: number, pid = process.pid): Promise<string[]> {
  const deadline = Date.now() + withinMs;
  let found = slotProcesses(pid);
  while (found.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    found = slotProcesses(pid);
  }
  return found;
}
