// Starting and stopping a grpc-js server on a port, shared by murphy's gRPC services.
import { Server, ServerCredentials, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';

export interface RunningServer {
  readonly server: Server;
  /** The bound port (useful with port 0). */
  readonly port: number;
  /** Stops accepting calls, lets running calls finish for up to graceMs, then cancels the rest. */
  shutdown(graceMs: number): Promise<void>;
}

export interface ServiceBinding {
  readonly definition: ServiceDefinition;
  readonly implementation: UntypedServiceImplementation;
}

const MESSAGE_LIMIT = 64 * 1024 * 1024;

export async function startGrpcServer(port: number, services: readonly ServiceBinding[], host = '0.0.0.0'): Promise<RunningServer> {
  const server = new Server({ 'grpc.max_receive_message_length': MESSAGE_LIMIT, 'grpc.max_send_message_length': MESSAGE_LIMIT });
  for (const { definition, implementation } of services) server.addService(definition, implementation);
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, ServerCredentials.createInsecure(), (error, actual) => (error ? reject(error) : resolve(actual)));
  });
  return { server, port: bound, shutdown: (graceMs) => shutdown(server, graceMs) };
}

function shutdown(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
