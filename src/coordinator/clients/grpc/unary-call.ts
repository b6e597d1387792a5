// Promise form of a generated grpc-js unary method with a deadline. Retries of transient failures
// happen below, in grpc-js, from the channel's retry policy (src/grpc/channel-config.ts), within the
// deadline: a retried Train is safe because the trainer checks the expected policy version.
import { Metadata, type CallOptions, type ClientUnaryCall, type ServiceError } from '@grpc/grpc-js';

export type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;

export function unaryCall<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, deadlineMs: number): Promise<Res> {
  return new Promise((resolve, reject) => {
    method(request, new Metadata(), { deadline: Date.now() + deadlineMs }, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

/** Deadline of the small Info calls. */
export const INFO_DEADLINE_MS = 30_000;
