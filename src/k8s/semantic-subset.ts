// Does the object on the server already hold everything we would apply? The server adds defaults
// (protocol: TCP, terminationMessagePath, ...), drops empty values and canonicalizes quantities
// ("1000m" becomes "1"), so the test is "desired is a subset of observed", with empty desired
// values matching absent ones and quantities compared by value. A false "no" only costs one
// no-op apply; a false "yes" would miss a change, so anything unsure answers "no".

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const isEmpty = (v: unknown): boolean =>
  v === undefined || v === null || v === false || v === '' || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);

const QUANTITY = /^([+-]?[0-9.]+(?:[eE][-+]?[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const SUFFIX: Record<string, number> = {
  m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The numeric value of a Kubernetes quantity string, or undefined if it is not one. */
export function quantityValue(text: string): number | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * (match[2] ? (SUFFIX[match[2]] ?? NaN) : 1);
}

function scalarsMatch(desired: unknown, observed: unknown): boolean {
  if (desired === observed) return true;
  if (typeof desired !== 'string' && typeof desired !== 'number') return false;
  if (typeof observed !== 'string' && typeof observed !== 'number') return false;
  const a = quantityValue(String(desired));
  const b = quantityValue(String(observed));
  return a !== undefined && b !== undefined && Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), 1);
}

export function isSemanticSubset(desired: unknown, observed: unknown): boolean {
  if (isEmpty(desired) && isEmpty(observed)) return true;
  if (Array.isArray(desired)) {
    return Array.isArray(observed) && desired.length === observed.length && desired.every((d, i) => isSemanticSubset(d, observed[i]));
  }
  if (isObject(desired)) {
    return isObject(observed) && Object.entries(desired).every(([key, value]) => isSemanticSubset(value, observed[key]));
  }
  return scalarsMatch(desired, observed);
}
