// What every channel to murphy's services is configured with, through grpc-js's own mechanisms:
// a service config that balances calls round-robin over every address the target resolves to
// (all pods behind a headless Service, or every address of an `ipv4:` list) and retries
// transient failures with jittered exponential backoff within each call's deadline (gRPC's
// retryPolicy, A6), plus large messages and a wide HTTP/2 receive window.
import { status, type ChannelOptions } from '@grpc/grpc-js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly backoffMultiplier: number;
  readonly retryableCodes: readonly status[];
}

/** UNAVAILABLE (server starting, restarting or unreachable) and RESOURCE_EXHAUSTED (queue full) are worth a retry. */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 8,
  initialBackoffMs: 100,
  maxBackoffMs: 5_000,
  backoffMultiplier: 2,
  retryableCodes: [status.UNAVAILABLE, status.RESOURCE_EXHAUSTED],
};

export const MESSAGE_LIMIT = 256 * 1024 * 1024;
/** HTTP/2 receive window: the answers of 64 Generate calls (megabytes of token ids) arrive at once, and the default 64 KiB window makes them wait for window updates. */
const FLOW_CONTROL_WINDOW = 16 * 1024 * 1024;

const seconds = (ms: number): string => `${ms / 1000}s`;

/** The service config (gRPC's JSON form): round_robin, and the retry policy for every method (`name: [{}]`) but ExecuteBatch. */
export function serviceConfig(retry: RetryPolicy = defaultRetryPolicy): object {
  return {
    loadBalancingConfig: [{ round_robin: {} }],
    methodConfig: [
      // A batch's programs are retried one by one by its client (some may have their results
      // already); retrying the call as well would multiply the attempts.
      { name: [{ service: 'murphy.v1.Executor', method: 'ExecuteBatch' }] },
      {
        name: [{}],
        retryPolicy: {
          maxAttempts: retry.maxAttempts,
          initialBackoff: seconds(retry.initialBackoffMs),
          maxBackoff: seconds(retry.maxBackoffMs),
          backoffMultiplier: retry.backoffMultiplier,
          retryableStatusCodes: retry.retryableCodes.map((code) => status[code]),
        },
      },
    ],
  };
}

export function channelOptions(retry: RetryPolicy = defaultRetryPolicy): ChannelOptions {
  return {
    'grpc.max_receive_message_length': MESSAGE_LIMIT,
    'grpc.max_send_message_length': MESSAGE_LIMIT,
    'grpc-node.flow_control_window': FLOW_CONTROL_WINDOW,
    'grpc.service_config': JSON.stringify(serviceConfig(retry)),
    // The config above is the whole truth: no TXT lookups for one from DNS.
    'grpc.service_config_disable_resolution': 1,
    'grpc.enable_retries': 1,
    // grpc-js caps maxAttempts at 5 unless told otherwise.
    'grpc-node.retry_max_attempts_limit': retry.maxAttempts,
    // grpc-js keeps a request only up to this size to send it again (1 MiB by default): a Train
    // request of a large step is far bigger, and must stay retryable.
    'grpc.per_rpc_retry_buffer_size': MESSAGE_LIMIT,
    'grpc.retry_buffer_size': 4 * MESSAGE_LIMIT,
  };
}
