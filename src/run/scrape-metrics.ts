// Saves each service's Prometheus text before `murphy run` stops it, so a finished local run keeps
// what the executor, inference and trainer reported (runs/<name>/logs/<service>.prom).
import { writeFile } from 'node:fs/promises';

export async function scrapeTo(url: string, file: string, timeoutMs = 5_000): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return false;
    await writeFile(file, await response.text());
    return true;
  } catch {
    return false;
  }
}
