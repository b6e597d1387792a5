// A 32-bit seed from a base seed and a string key (FNV-1a), so that derived random streams depend
// only on what they are for, never on the order in which they are asked for.
export function hashSeed(base: number, key: string): number {
  let hash = (0x811c9dc5 ^ (base >>> 0)) >>> 0;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
