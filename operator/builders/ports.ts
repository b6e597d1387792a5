// Ports of the components, as fixed by their command lines.
export const PORTS = {
  executor: { grpc: 50051, metrics: 9464 },
  inference: { grpc: 50052, metrics: 9465 },
  trainer: { grpc: 50053, metrics: 9466, rendezvous: 29500 },
  coordinator: { metrics: 9467 },
} as const;
