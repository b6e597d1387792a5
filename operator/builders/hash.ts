// Short stable content hashes, for annotations that make a change of content visible in a spec.
import { createHash } from 'node:crypto';
import { stableJson } from '../runtime/stable-json.js';

export function contentHash(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex').slice(0, 16);
}
