// Targets resolved into one address per replica by grpc-js's own resolvers.
import { describe, expect, it } from '@jest/globals';
import { parseTarget, resolveReplicas } from './replica-addresses.js';

describe('parseTarget', () => {
  it('reads schemes grpc-js knows and takes anything else for a DNS name', () => {
    expect(parseTarget('dns:///inference.ns.svc:50052')).toEqual({ scheme: 'dns', authority: '', path: 'inference.ns.svc:50052' });
    expect(parseTarget('ipv4:127.0.0.1:1,127.0.0.2:2')).toEqual({ scheme: 'ipv4', path: '127.0.0.1:1,127.0.0.2:2' });
    expect(parseTarget('demo-inference:50052')).toEqual({ scheme: 'dns', path: 'demo-inference:50052' });
  });
});

describe('resolveReplicas', () => {
  it('lists every address of an ipv4: or ipv6: list, one target each', async () => {
    expect(await resolveReplicas('ipv4:127.0.0.2:7001,127.0.0.1:7000')).toEqual(['ipv4:127.0.0.1:7000', 'ipv4:127.0.0.2:7001']);
    expect(await resolveReplicas('ipv6:[::1]:7000')).toEqual(['ipv6:[::1]:7000']);
  });

  it('resolves a DNS name (here an address literal and localhost) through grpc-js dns resolver', async () => {
    expect(await resolveReplicas('127.0.0.1:7000')).toEqual(['ipv4:127.0.0.1:7000']);
    expect(await resolveReplicas('dns:///127.0.0.1:7000')).toEqual(['ipv4:127.0.0.1:7000']);
    expect(await resolveReplicas('localhost:7000')).toContain('ipv4:127.0.0.1:7000');
  });
});
