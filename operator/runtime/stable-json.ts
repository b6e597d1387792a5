// JSON with sorted keys, so equal objects serialize (and hash) equally whatever their key order:
// leader election compares lease records with it, the reconciler statuses, the builders hash it.

export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}
