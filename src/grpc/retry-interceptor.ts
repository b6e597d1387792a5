// A grpc-js client interceptor that retries unary calls failing with a retryable status code, with
// jittered exponential backoff, never past the call's deadline (in the manner of the gRPC L5
// interceptor proposal and Temporal's TypeScript SDK). Only unary calls: it keeps the one request
// message to send again, and holds the response until the final status is known; streaming calls
// pass through untouched (their callers retry what they did not receive).
import {
  InterceptingCall,
  ListenerBuilder,
  RequesterBuilder,
  status,
  type Interceptor,
  type InterceptingListener,
  type Metadata,
  type StatusObject,
} from '@grpc/grpc-js';
import { backoffDelay, defaultBackoff, type BackoffOptions } from './backoff.js';

export interface RetryOptions {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly retryableCodes: readonly status[];
  readonly backoff: BackoffOptions;
  /** Milliseconds since the epoch; injected for tests. */
  readonly now: () => number;
}

/** UNAVAILABLE (server starting or restarting) and RESOURCE_EXHAUSTED (queue full) are worth a retry. */
export const defaultRetryOptions: RetryOptions = {
  maxAttempts: 5,
  retryableCodes: [status.UNAVAILABLE, status.RESOURCE_EXHAUSTED],
  backoff: defaultBackoff,
  now: Date.now,
};

function deadlineMs(deadline: unknown): number {
  if (deadline instanceof Date) return deadline.getTime();
  return typeof deadline === 'number' ? deadline : Infinity;
}

interface Attempt {
  message: unknown;
  received: unknown;
}

export function retryInterceptor(overrides: Partial<RetryOptions> = {}): Interceptor {
  const options: RetryOptions = { ...defaultRetryOptions, ...overrides };
  return (callOptions, nextCall) => {
    if (callOptions.method_definition.responseStream || callOptions.method_definition.requestStream) return new InterceptingCall(nextCall(callOptions));
    const attempt: Attempt = { message: undefined, received: undefined };
    const deadline = deadlineMs(callOptions.deadline);

    const settle = (upper: InterceptingListener, result: StatusObject, tries: number, metadata: Metadata): void => {
      const delay = backoffDelay(tries - 1, options.backoff);
      const retry = options.retryableCodes.includes(result.code) && tries < options.maxAttempts && options.now() + delay < deadline;
      if (!retry) {
        if (result.code === status.OK && attempt.received !== undefined) upper.onReceiveMessage(attempt.received);
        upper.onReceiveStatus(result);
        return;
      }
      setTimeout(() => {
        attempt.received = undefined;
        const call = nextCall(callOptions);
        call.start(metadata, {
          onReceiveMessage: (message: unknown) => void (attempt.received = message),
          onReceiveStatus: (next: StatusObject) => settle(upper, next, tries + 1, metadata),
        });
        call.sendMessage(attempt.message);
        call.halfClose();
      }, delay);
    };

    const requester = new RequesterBuilder()
      .withStart((metadata, upper, next) => {
        const listener = new ListenerBuilder()
          .withOnReceiveMessage((message) => void (attempt.received = message))
          .withOnReceiveStatus((result) => settle(upper, result, 1, metadata))
          .build();
        next(metadata, listener);
      })
      .withSendMessage((message, next) => {
        attempt.message = message;
        next(message);
      })
      .build();
    return new InterceptingCall(nextCall(callOptions), requester);
  };
}
