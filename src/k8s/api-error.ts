// An error response of the Kubernetes API, with the HTTP status and the server's reason and message
// (a Status object), so callers can branch on 404/409 and users see what the server said.

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly reason: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface StatusBody {
  kind?: string;
  reason?: string;
  message?: string;
  details?: unknown;
}

/** Builds an ApiError from a non-2xx response body (a Status object, or any text). */
export function apiErrorFrom(statusCode: number, body: string, what: string): ApiError {
  let status: StatusBody = {};
  try {
    status = JSON.parse(body) as StatusBody;
  } catch {
    status = { message: body.slice(0, 500) };
  }
  const message = status.message ?? `HTTP ${statusCode}`;
  return new ApiError(statusCode, status.reason ?? '', `${what}: ${message}`, status.details);
}

export const isNotFound = (error: unknown): boolean => error instanceof ApiError && error.statusCode === 404;
export const isConflict = (error: unknown): boolean => error instanceof ApiError && error.statusCode === 409;
