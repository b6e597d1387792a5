// Waits until every service answers SERVING: inference and the trainer load models for minutes
// before they accept work, and the coordinator should neither fail nor burn retries meanwhile.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConnectedClients, ServiceName } from './connect.js';

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Called after each round that left services not ready (for a status line). */
  readonly onWaiting?: (pending: readonly ServiceName[], elapsedMs: number) => void;
  readonly signal?: AbortSignal;
}

/** Waits for exactly the services in `clients.serving` (evaluation, for one, has no trainer). */
export async function waitForServices(
  clients: { readonly serving: Partial<ConnectedClients['serving']> },
  options: WaitOptions,
): Promise<void> {
  const started = Date.now();
  let pending = Object.keys(clients.serving) as ServiceName[];
  for (;;) {
    const results = await Promise.all(pending.map((name) => clients.serving[name]?.() ?? false));
    pending = pending.filter((_, i) => !results[i]);
    if (pending.length === 0) return;
    const elapsed = Date.now() - started;
    if (elapsed > options.timeoutMs) {
      throw new Error(`${pending.join(', ')} did not become ready within ${Math.round(options.timeoutMs / 1000)} s; check ${pending.length > 1 ? 'their' : 'its'} logs and address`);
    }
    if (options.signal?.aborted) throw new Error('stopped while waiting for services');
    options.onWaiting?.(pending, elapsed);
    await sleep(options.intervalMs ?? 1_000);
  }
}
