// Every address a gRPC target stands for, resolved by grpc-js's own name resolvers (the ones the
// channel balances over): `ipv4:` / `ipv6:` lists, and DNS names — a plain `host:port` or
// `dns:///host:port`, looked up with getaddrinfo, all records. Behind a headless Kubernetes Service
// (clusterIP: None) a name has one A record per ready pod, so this lists the replicas; behind a
// ClusterIP Service it is the one virtual address. Used for calls that must reach every replica
// (LoadWeights); ordinary calls go through one balanced channel.
import { experimental, type ChannelOptions } from '@grpc/grpc-js';

/** The schemes grpc-js resolves; anything else is a DNS name (grpc-js's default scheme). */
const SCHEMES = new Set(['dns', 'ipv4', 'ipv6', 'unix', 'unix-abstract']);

/** A target as grpc-js parses one: `scheme:[//authority/]path`, or a bare `host:port`. */
export function parseTarget(target: string): experimental.GrpcUri {
  const match = /^([a-z][a-z0-9+.-]*):(?:\/\/([^/]*)\/)?(.*)$/.exec(target);
  if (match && SCHEMES.has(match[1] as string)) {
    const [, scheme, authority, path] = match;
    return { scheme: scheme as string, ...(authority !== undefined ? { authority } : {}), path: path as string };
  }
  return { scheme: 'dns', path: target };
}

function addressTarget(address: experimental.SubchannelAddress): string {
  if ('path' in address) return `unix:${address.path}`;
  return address.host.includes(':') ? `ipv6:[${address.host}]:${address.port}` : `ipv4:${address.host}:${address.port}`;
}

/** One target per resolved address (`ipv4:10.0.0.7:50052`, ...), sorted; rejects when the name does not resolve. */
export function resolveReplicas(target: string, options: ChannelOptions = {}): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let resolver: experimental.Resolver | null = null;
    const listener: experimental.ResolverListener = (endpoints) => {
      // Never synchronous with createResolver (the interface promises it), so `resolver` is set.
      resolver?.destroy();
      if (!endpoints.ok) return reject(new Error(`${target}: ${endpoints.error.details}`)), true;
      const targets = endpoints.value.flatMap((endpoint) => endpoint.addresses.map(addressTarget));
      resolve([...new Set(targets)].sort());
      return true;
    };
    try {
      resolver = experimental.createResolver(parseTarget(target), listener, options);
      resolver.updateResolution();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
