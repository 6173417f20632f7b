import { dirname, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { formatDiagnostic } from '../lib/diagnostics.js';
import { RESPONSE_MODES, runEngine, type EngineOptions, type EngineOutcome, type ResponseMode } from '../engine.js';
import { redact, secretsIn } from '../lib/secrets.js';
import { repositoryRoot } from '../git/repository-root.js';
import { renderConsole } from '../render/console.js';
import { sanitizeForLog } from '../render/log-text.js';
import { writeResultsFile, writeTextFile } from '../publish/results-file.js';
import { FAIL_ON_REGRESSION, type FailOnRegression } from '../load/config.js';
import { parseShard } from '../shard/plan.js';
import { shardExitCode } from '../shard/record-run.js';
import { USAGE } from './usage.js';
import { VERSION } from '../lib/version.js';

// What only some commands or flags need (release, merge, versions, --junit, --markdown) is
// imported where it is used: a `test` run starts without parsing it (see README, "Speed").

class UsageError extends Error {}


function parseNumber(name: string, value: string | undefined, { min, max, integer }: { min: number; max: number; integer: boolean }): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || Number.isNaN(number) || number < min || number > max || (integer && !Number.isInteger(number))) {
    throw new UsageError(`--${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got "${value}"`);
  }
  return number;
}

function toRepoPath(repoDir: string, cwd: string, path: string): string {
  const relativePath = relative(repoDir, resolve(cwd, path)).split(sep).join('/');
  if (relativePath.startsWith('..')) throw new UsageError(`${path} is outside the repository ${repoDir}`);
  return relativePath === '' ? '.' : relativePath;
}

const DEFAULT_RESULTS = '.promptgate/results.json';

const RUN_OPTIONS = {
  responses: { type: 'string' },
  concurrency: { type: 'string' },
  threshold: { type: 'string' },
  repeat: { type: 'string' },
  'min-pass': { type: 'string' },
  'fail-on-regression': { type: 'string' },
  out: { type: 'string' },
  junit: { type: 'string' },
  markdown: { type: 'string' },
  'no-color': { type: 'boolean' },
  quiet: { type: 'boolean' },
} as const;

type RunFlags = { [K in keyof typeof RUN_OPTIONS]?: (typeof RUN_OPTIONS)[K]['type'] extends 'string' ? string : boolean };

/** The engine options every running command shares, from its flags. */
async function engineOptionsFrom(values: RunFlags, positionals: string[], io: CliIO, needsGit: string | undefined): Promise<EngineOptions> {
  const responses = values.responses as ResponseMode | undefined;
  if (responses !== undefined && !RESPONSE_MODES.includes(responses)) {
    throw new UsageError(`--responses must be one of ${RESPONSE_MODES.join(', ')}, got "${values.responses}"`);
  }
  const concurrency = parseNumber('concurrency', values.concurrency, { min: 1, max: 1000, integer: true });
  const threshold = parseNumber('threshold', values.threshold, { min: 0, max: 1, integer: false });
  const repeat = parseNumber('repeat', values.repeat, { min: 1, max: 100, integer: true });
  const minPass = parseNumber('min-pass', values['min-pass'], { min: 1, max: 100, integer: true });
  const failOnRegression = values['fail-on-regression'] as FailOnRegression | undefined;
  if (failOnRegression !== undefined && !FAIL_ON_REGRESSION.includes(failOnRegression)) {
    throw new UsageError(`--fail-on-regression must be one of ${FAIL_ON_REGRESSION.join(', ')}, got "${failOnRegression}"`);
  }
  const gitRoot = await repositoryRoot(io.cwd, io.env);
  if (needsGit && !gitRoot) throw new UsageError(`${needsGit} needs a git repository`);
  const repoDir = gitRoot ?? io.cwd;
  return {
    repoDir,
    roots: positionals.map((path) => toRepoPath(repoDir, io.cwd, path)),
    // Flags not given stay undefined: resolveSettings falls back to promptgate.yaml, then the default.
    responses,
    concurrency,
    threshold,
    repeat,
    minPass,
    failOnRegression,
    env: io.env,
    signal: io.signal,
    toolVersion: VERSION,
    onWarning: (message) => io.stderr(`warning: ${message}\n`),
  };
}

function printerFor(io: CliIO): (text: string) => void {
  const secrets = secretsIn(io.env);
  // Model output is untrusted: nothing it says may become a terminal escape or a workflow command.
  return (text: string) => io.stdout(`${redact(sanitizeForLog(text), secrets)}\n`);
}

/** The console report, results.json and JUnit: what every running command leaves behind. */
async function report(outcome: EngineOutcome, values: RunFlags, io: CliIO): Promise<void> {
  const { results } = outcome;
  const print = printerFor(io);
  for (const diagnostic of results.diagnostics) print(`error: ${formatDiagnostic(diagnostic)}`);
  const color = !values['no-color'] && !io.env.NO_COLOR && io.stdoutIsTTY;
  print(renderConsole(results, { color, maxFailuresPerSuite: values.quiet ? 0 : 20 }));
  for (const notice of results.notices) print(`note: ${notice}`);
  if (outcome.recordingsWritten.length > 0) print(`recorded: ${outcome.recordingsWritten.join(', ')}`);
  const out = resolve(io.cwd, values.out ?? DEFAULT_RESULTS);
  const secrets = secretsIn(io.env);
  await writeResultsFile(out, results, secrets);
  // The default output folder ignores itself, so results never end up in a commit by accident.
  if (!values.out) await writeTextFile(resolve(io.cwd, dirname(DEFAULT_RESULTS), '.gitignore'), '*\n');
  if (values.junit) {
    const { renderJUnit } = await import('../render/junit.js');
    await writeTextFile(resolve(io.cwd, values.junit), redact(renderJUnit(results), secrets));
  }
  if (values.markdown) {
    const { renderComment } = await import('../render/comment.js');
    await writeTextFile(resolve(io.cwd, values.markdown), redact(`${renderComment(results, { secrets })}\n`, secrets));
  }
  if (!values.quiet) print(`results: ${relative(io.cwd, out) || out}`);
}

async function testCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...RUN_OPTIONS, base: { type: 'string' }, shard: { type: 'string' } },
  });
  const options = await engineOptionsFrom(values, positionals, io, values.base ? '--base' : undefined);
  if (values.base) Object.assign(options, { baseRef: values.base, changedOnly: positionals.length === 0 });
  if (values.shard !== undefined) options.shard = parseShard(values.shard);
  let done = 0;
  const progress = io.stderrIsTTY && !values.quiet;
  if (progress) options.onTestDone = () => io.stderr(`\r${++done} tests done`);
  const outcome = await runEngine(options);
  if (progress && done > 0) io.stderr('\r\u001b[K');
  await report(outcome, values, io);
  return options.shard ? shardExitCode(outcome.results) : outcome.results.gate.exitCode;
}

/** Joins the shards' results files; reports and exits as the unsharded run would. */
async function mergeCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: RUN_OPTIONS });
  if (positionals.length === 0) throw new UsageError('merge needs the results files of every shard');
  if (!values.out) throw new UsageError('merge needs --out FILE for the merged results.json');
  const { mergeShards, readShardFiles } = await import('../shard/merge.js');
  const results = mergeShards(await readShardFiles(positionals.map((path) => resolve(io.cwd, path))));
  await report({ results, recordingsWritten: [] }, values, io);
  return results.gate.exitCode;
}

async function releaseCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...RUN_OPTIONS, promote: { type: 'string' }, 'no-alias': { type: 'boolean' } },
  });
  const options = await engineOptionsFrom(values, positionals, io, 'release');
  const [{ headCommit, runGit }, { gitTagStore, promptChangedInGit }, { runRelease }] = await Promise.all([
    import('../git/git.js'),
    import('../release/git-tags.js'),
    import('../release/run-release.js'),
  ]);
  const commit = await headCommit(options.repoDir);
  // Untracked files count too: a folder that exists only in the work tree would otherwise be
  // tested here and tagged on a commit that does not contain it.
  const dirty = await runGit(options.repoDir, ['status', '--porcelain', '--', ...(options.roots.length ? options.roots : ['.'])]);
  if (dirty.trim() && !values.promote) {
    throw new UsageError('the prompt folders have uncommitted or untracked changes: commit them first, so the tags mark exactly what was tested');
  }
  const outcome = await runRelease({
    engine: options,
    store: gitTagStore(options.repoDir),
    commit,
    productionAlias: !values['no-alias'],
    ...(values.promote ? { promote: values.promote } : {}),
    promptChanged: (tagCommit, folder) => promptChangedInGit(options.repoDir, tagCommit, commit, folder),
  });
  if (outcome.engine) await report(outcome.engine, values, io);
  const print = printerFor(io);
  for (const tag of outcome.created) print(`tagged ${tag} at ${commit.slice(0, 12)}`);
  for (const skip of outcome.skipped) print(`not tagged ${skip.tag}: ${skip.reason}`);
  for (const move of outcome.moved) print(`moved ${move.tag} to ${move.version}${move.from ? ` (was ${move.from})` : ''}`);
  for (const failure of outcome.failed) print(`error: ${failure.reason}`);
  // Only the moving alias is forced: a version tag that exists on the remote must never be replaced.
  const pushed = [
    ...outcome.created.map((tag) => `refs/tags/${tag}`),
    ...outcome.moved.map((move) => `+refs/tags/${move.tag}`),
  ];
  if (pushed.length > 0) print(`push them with: git push origin ${pushed.join(' ')}`);
  if (outcome.engine?.results.gate.exitCode === 2) return 2;
  // Release is not a gate (the pull request check is): a failing version is simply not tagged.
  // A conflicting tag is an error, because someone changed a released version in place.
  return outcome.failed.length > 0 ? 1 : 0;
}

async function versionsCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const repoDir = await repositoryRoot(io.cwd, io.env);
  if (!repoDir) throw new UsageError('versions needs a git repository');
  const [{ gitTagStore }, { listVersions, renderVersions }] = await Promise.all([import('../release/git-tags.js'), import('../release/versions.js')]);
  const tags = await gitTagStore(repoDir).list();
  const versions = listVersions(tags);
  io.stdout(`${values.json ? JSON.stringify(versions, null, 2) : renderVersions(versions)}\n`);
  return 0;
}

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
    if (command === 'test') return await testCommand(rest, io);
    if (command === 'release') return await releaseCommand(rest, io);
    if (command === 'merge') return await mergeCommand(rest, io);
    if (command === 'versions') return await versionsCommand(rest, io);
    throw new UsageError(`unknown command "${command}"; run promptgate --help`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    io.stderr(`promptgate: ${redact(message, secretsIn(io.env))}\n`);
    // Usage, input and git errors all mean "nothing could be judged": exit 2 per the CLI contract.
    void usage;
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
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
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
