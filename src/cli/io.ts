/** What a CLI invocation reads and writes: the process's, or a test's. */
export interface CliIO {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout(text: string): void;
  stderr(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Aborted on SIGINT / SIGTERM: the run stops starting calls and reports what it has. */
  signal?: AbortSignal;
}

/** Wrong words on the command line: exit 2 with the message, and no stack trace. */
export class UsageError extends Error {}
