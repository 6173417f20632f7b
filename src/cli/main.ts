import { VERSION } from '../lib/version.js';
import { bundleCommand } from './bundle.js';
import { sinksFor } from '../publish/sinks.js';
import type { CliIO } from './io.js';
import { mergeCommand } from './merge.js';
import { monitorCommand } from './monitor.js';
import { harvestCommand } from './harvest.js';
import { importCommand } from './import.js';
import { exportCommand } from './export.js';
import { pruneCommand } from './prune.js';
import { releaseCommand } from './release.js';
import { testCommand } from './test.js';
import { typesCommand } from './types.js';
import { USAGE } from './usage.js';
import { versionsCommand } from './versions.js';

export type { CliIO } from './io.js';

/** The commands, by name: each parses its own flags and returns its exit status. */
const COMMANDS: Record<string, (args: string[], io: CliIO) => Promise<number>> = {
  test: testCommand,
  release: releaseCommand,
  merge: mergeCommand,
  versions: versionsCommand,
  bundle: bundleCommand,
  types: typesCommand,
  monitor: monitorCommand,
  harvest: harvestCommand,
  import: importCommand,
  export: exportCommand,
  prune: pruneCommand,
};

/** Runs one CLI invocation and returns its exit status; never throws. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.stdout(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v') {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!run) {
      io.stderr(`promptgate: unknown command "${sinksFor(io.env).logLine(command)}"; run promptgate --help\n`);
      return 2;
    }
    return await run(rest, io);
  } catch (error) {
    // Usage, input and git errors all mean "nothing could be judged": exit 2 per the CLI contract.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`promptgate: ${sinksFor(io.env).text(message)}\n`);
    return 2;
  }
}

/** Exit statuses of a run ended by a signal, as shells report them (128 + signal number). */
const SIGNAL_EXIT: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

export async function runCli(): Promise<void> {
  // GitHub cancels a job with SIGINT, then SIGTERM: the first one cancels the run, which then
  // writes results.json (unfinished tests marked cancelled), JUnit and recordings, and exits.
  const controller = new AbortController();
  let received: keyof typeof SIGNAL_EXIT | undefined;
  const onSignal = (signal: keyof typeof SIGNAL_EXIT) => {
    // A second signal means "now": the first one's report is already under way or stuck.
    if (received !== undefined) process.exit(SIGNAL_EXIT[received]);
    received = signal;
    controller.abort(new Error(`received ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const code = await main(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: writerTo(process.stdout),
    stderr: writerTo(process.stderr),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    signal: controller.signal,
  });
  const signal = received;
  if (signal === undefined) {
    process.exitCode = code;
    return;
  }
  // Calls abandoned after the grace period still hold sockets open: do not wait for them.
  process.stdout.write('', () => process.exit(SIGNAL_EXIT[signal]));
}

/**
 * Writes to one of the process's streams until its reader goes away (`promptgate test | head
 * -1`: EPIPE), then quietly drops the rest, like any filter whose reader has had enough. The
 * run still writes its files and exits with its own status; without a listener the stream's
 * 'error' event crashed the process with a stack trace.
 */
function writerTo(stream: NodeJS.WriteStream): (text: string) => void {
  let open = true;
  stream.on('error', () => {
    open = false;
  });
  return (text) => {
    if (open && !stream.destroyed) stream.write(text);
  };
}
