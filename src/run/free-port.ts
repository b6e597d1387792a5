// Free TCP ports on loopback, for the services `murphy run` starts: the OS picks each, and every
// listener stays open until all are picked so the same port is never handed out twice.
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

export async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  try {
    return await Promise.all(servers.map(listen));
  } finally {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  }
}
