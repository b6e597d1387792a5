import { describe, expect, it } from '@jest/globals';
import { UsageError } from '../src/user-input/usage-error.js';
import { offeredIn, parseRuntimeClassSetting, resolveRuntimeClass } from './executor-runtime-class.js';
import type { ObjectStore } from './runtime/object-store.js';

describe('the executor RuntimeClass setting', () => {
  it('is auto unless set, none when empty, else the name', () => {
    expect(parseRuntimeClassSetting(undefined, 'x')).toBe('auto');
    expect(parseRuntimeClassSetting('', 'x')).toBe('none');
    expect(parseRuntimeClassSetting('none', 'x')).toBe('none');
    expect(parseRuntimeClassSetting('kata.example.com', 'x')).toBe('kata.example.com');
  });

  it('rejects what cannot name a RuntimeClass', () => {
    for (const bad of ['Gvisor', '-gvisor', 'g_visor', 'a'.repeat(254)]) {
      expect(() => parseRuntimeClassSetting(bad, '--flag')).toThrow(UsageError);
    }
  });

  it('auto picks gvisor only where the cluster offers it; none and a name ignore the cluster', () => {
    const offered = (name: string) => name === 'gvisor';
    expect(resolveRuntimeClass('auto', offered)).toBe('gvisor');
    expect(resolveRuntimeClass('auto', () => false)).toBeUndefined();
    expect(resolveRuntimeClass('none', offered)).toBeUndefined();
    expect(resolveRuntimeClass('kata', () => false)).toBe('kata');
  });

  it('looks the RuntimeClass up in the cache as a cluster-scoped object', () => {
    const asked: string[] = [];
    const store: ObjectStore = {
      get: <T>(apiVersion: string, kind: string, namespace: string, name: string) => {
        asked.push(`${apiVersion} ${kind} "${namespace}" ${name}`);
        return (name === 'gvisor' ? { apiVersion, kind, metadata: { name } } : undefined) as T | undefined;
      },
      list: () => [],
    };
    expect(offeredIn(store)('gvisor')).toBe(true);
    expect(offeredIn(store)('kata')).toBe(false);
    expect(asked).toEqual(['node.k8s.io/v1 RuntimeClass "" gvisor', 'node.k8s.io/v1 RuntimeClass "" kata']);
  });
});
