// One client per replica of a service, for the calls that must reach all of them: the target is
// resolved again on every round (replicas come and go), clients of addresses still resolved are
// kept, the others closed.
import type { Client } from '@grpc/grpc-js';
import { resolveReplicas } from './replica-addresses.js';

export interface Replica<Stub> {
  /** `ipv4:10.0.0.7:50052`, ... */
  readonly address: string;
  readonly stub: Stub;
}

export class ReplicaSet<Stub extends Client> {
  private readonly stubs = new Map<string, Stub>();

  constructor(
    private readonly target: string,
    private readonly connect: (address: string) => Stub,
  ) {}

  /** Every replica the target resolves to now. */
  async current(): Promise<Replica<Stub>[]> {
    const addresses = await resolveReplicas(this.target);
    for (const [address, stub] of this.stubs) {
      if (!addresses.includes(address)) {
        stub.close();
        this.stubs.delete(address);
      }
    }
    return addresses.map((address) => ({ address, stub: this.stubFor(address) }));
  }

  close(): void {
    this.stubs.forEach((stub) => stub.close());
    this.stubs.clear();
  }

  private stubFor(address: string): Stub {
    let stub = this.stubs.get(address);
    if (!stub) {
      stub = this.connect(address);
      this.stubs.set(address, stub);
    }
    return stub;
  }
}
