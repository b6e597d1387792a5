import { describe, expect, it } from '@jest/globals';
import { isSemanticSubset, quantityValue } from './semantic-subset.js';

describe('isSemanticSubset', () => {
  it('accepts fields the server added as defaults', () => {
    const desired = { spec: { ports: [{ name: 'grpc', port: 1 }] } };
    const observed = { spec: { ports: [{ name: 'grpc', port: 1, protocol: 'TCP' }], clusterIP: '10.0.0.1' }, status: {} };
    expect(isSemanticSubset(desired, observed)).toBe(true);
  });

  it('sees a changed, missing or extra list element', () => {
    expect(isSemanticSubset({ a: [1, 2] }, { a: [1, 3] })).toBe(false);
    expect(isSemanticSubset({ a: [1, 2] }, { a: [1] })).toBe(false);
    expect(isSemanticSubset({ a: [1] }, { a: [1, 2] })).toBe(false);
    expect(isSemanticSubset({ b: 'x' }, {})).toBe(false);
  });

  it('treats empty desired values as matching absent ones (the server omits them)', () => {
    expect(isSemanticSubset({ a: {}, b: [], c: false, d: '' }, {})).toBe(true);
    expect(isSemanticSubset({ c: false }, { c: true })).toBe(false);
  });

  it('compares quantities by value, as the server canonicalizes them', () => {
    expect(isSemanticSubset({ cpu: '1000m', memory: '1Gi', gpu: 2 }, { cpu: '1', memory: '1024Mi', gpu: '2' })).toBe(true);
    expect(isSemanticSubset({ cpu: '500m' }, { cpu: '1' })).toBe(false);
    expect(quantityValue('1.5Gi')).toBe(1.5 * 2 ** 30);
    expect(quantityValue('abc')).toBeUndefined();
  });
});
