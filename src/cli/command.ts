// A `murphy` subcommand. Commands get their I/O passed in so tests can run them in-process.

export interface CommandIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
}

export interface Command {
  readonly name: string;
  readonly usage: string;
  /** Returns the process exit code. */
  run(args: readonly string[], io: CommandIO): Promise<number>;
}

/** A subcommand as `murphy help` lists it; its module (and so its dependencies) loads only when it runs. */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<Command>;
}
