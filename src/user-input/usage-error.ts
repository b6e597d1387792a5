// Errors the user caused, shared by every room that reads user input (the CLI, `murphy run`,
// `murphy eval`), so none of them has to import from the CLI above it.

/** An error the user caused (bad flag, unreadable file): printed without a stack trace. */
export class UsageError extends Error {}
