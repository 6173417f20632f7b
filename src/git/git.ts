/**
 * A thin wrapper around the git CLI: running git, resolving refs, and the paths that changed
 * between two commits. Reading files of a commit lives in load/files/git-source.ts; the tag plumbing of
 * the CLI's release mode in release/git-tags.ts.
 *
 * Every call is `git` with an argument array (never a shell string) and GIT_TERMINAL_PROMPT=0,
 * so CI never hangs on a credential prompt. Paths are repository-relative POSIX paths.
 */
import { decodeUtf8Strict } from '../lib/utf8.js';

/**
 * One changed path between two commits: the one shape git's diff (below) and the pull request
 * files API (action/pull-request-files.ts) both produce, exactly as they report it (never normalised).
 */
export interface ChangedPath {
  path: string;
  /** git's words: a copy is `added` (its source is untouched), a mode change `modified`. */
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  /** The path before a rename: a prompt folder renamed away from is changed too. */
  previousPath?: string;
  /** Set when promptgate cannot match this path to a folder (why); `path` is then for display. */
  unreadable?: string;
}

/** A failed git command, with a one-line message fit for a CI log. */
export class GitError extends Error {
  /** git's exit status; undefined when git could not be started or was killed. */
  readonly exitCode: number | undefined;
  readonly stderr: string;
  constructor(message: string, options: { exitCode?: number; stderr?: string } = {}) {
    super(message);
    this.name = 'GitError';
    this.exitCode = options.exitCode;
    this.stderr = options.stderr ?? '';
  }
}

export interface RunGitOptions {
  /** Written to git's stdin (e.g. a tag message for `-F -`). */
  input?: string | Buffer;
}

export function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_TERMINAL_PROMPT: '0' };
}

/** The subcommand for messages: the first argument that is not a global option like `-c x=y`. */
function subcommandOf(args: string[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-c' || arg === '-C') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return args[0] ?? '';
}

/** git's own reason in one line: the `fatal:`/`error:` line if any, else the first non-empty one. */
export function reasonOf(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.find((line) => /^(fatal|error):/.test(line)) ?? lines[0] ?? '';
}

/** Runs git in `repoDir` and resolves with its stdout (untrimmed); non-zero exit → GitError. */
export async function runGit(repoDir: string, args: string[], options: RunGitOptions = {}): Promise<string> {
  return (await runGitBytes(repoDir, args, options)).toString('utf8');
}

/** runGit, with stdout as bytes: paths from git are bytes, and must not be decoded lossily. */
export async function runGitBytes(repoDir: string, args: string[], options: RunGitOptions = {}): Promise<Buffer> {
  // Imported on the first git call: a run that needs no git (no base ref) never loads it.
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: repoDir,
      env: gitEnv(),
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => reject(new GitError(`git ${subcommandOf(args)}: cannot run git: ${error.message}`)));
    child.on('close', (code) => {
      const errorText = Buffer.concat(stderr).toString('utf8');
      if (code === 0) return resolve(Buffer.concat(stdout));
      const reason = reasonOf(errorText) || `exited with ${code ?? 'a signal'}`;
      reject(new GitError(`git ${subcommandOf(args)} failed: ${reason}`, { exitCode: code ?? undefined, stderr: errorText }));
    });
    if (options.input !== undefined) {
      // git may exit before reading all of stdin (a bad argument); its exit status tells why.
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(options.input);
    }
  });
}

/** A ref starting with `-` would be read as an option; refuse it rather than guess. */
export function checkRef(ref: string): void {
  if (ref === '' || ref.startsWith('-')) throw new GitError(`invalid git ref "${ref}"`);
}

async function isShallowRepository(repoDir: string): Promise<boolean> {
  return (await runGit(repoDir, ['rev-parse', '--is-shallow-repository'])).trim() === 'true';
}

const SHALLOW_HINT =
  'this repository is a shallow clone (fetched with fetch-depth: 1), so the history promptgate needs is missing. ' +
  'Fetch the full history: in GitHub Actions set `fetch-depth: 0` on actions/checkout, locally run `git fetch --unshallow`.';

/** The full commit id `ref` names; a missing commit in a shallow clone says how to fix it. */
export async function resolveRef(repoDir: string, ref: string): Promise<string> {
  checkRef(ref);
  try {
    return (await runGit(repoDir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim();
  } catch (error) {
    if (!(error instanceof GitError) || error.exitCode !== 1) throw error;
  }
  if (await isShallowRepository(repoDir)) throw new GitError(`cannot find commit "${ref}": ${SHALLOW_HINT}`);
  throw new GitError(`cannot find commit "${ref}": no branch, tag or commit of that name (is it fetched?)`);
}

/** The best common ancestor of two refs: the base a pull request is compared against. */
export async function mergeBase(repoDir: string, a: string, b: string): Promise<string> {
  const [commitA, commitB] = await Promise.all([resolveRef(repoDir, a), resolveRef(repoDir, b)]);
  try {
    return (await runGit(repoDir, ['merge-base', commitA, commitB])).trim();
  } catch (error) {
    // Exit 1 without output: no common ancestor — usually because a shallow fetch cut the history.
    if (!(error instanceof GitError) || error.exitCode !== 1) throw error;
  }
  if (await isShallowRepository(repoDir)) throw new GitError(`no common ancestor of "${a}" and "${b}": ${SHALLOW_HINT}`);
  throw new GitError(`"${a}" and "${b}" have no common ancestor`);
}

/** Whether `a` is `b` or one of its ancestors (a pull_request_target checkout holds the PR head). */
export async function isAncestor(repoDir: string, a: string, b: string): Promise<boolean> {
  const [commitA, commitB] = await Promise.all([resolveRef(repoDir, a), resolveRef(repoDir, b)]);
  try {
    await runGit(repoDir, ['merge-base', '--is-ancestor', commitA, commitB]);
    return true;
  } catch (error) {
    if (!(error instanceof GitError) || error.exitCode !== 1) throw error;
  }
  // In a shallow clone "not an ancestor" may only mean "history not fetched": do not guess.
  if (await isShallowRepository(repoDir)) throw new GitError(`cannot tell whether "${a}" precedes "${b}": ${SHALLOW_HINT}`);
  return false;
}

export async function headCommit(repoDir: string): Promise<string> {
  return resolveRef(repoDir, 'HEAD');
}

// ---------------------------------------------------------------------------------------------
// Changed paths

/**
 * One path of git's -z output, byte for byte. git paths are bytes; a name that is not UTF-8
 * cannot be matched against the folders promptgate reads, so it is kept (escaped, for the
 * message) and marked, and the selection reports it instead of dropping it.
 */
function pathFromBytes(bytes: Buffer): { path: string; unreadable?: string } {
  const path = decodeUtf8Strict(bytes);
  if (path !== undefined) return { path };
  const escaped = [...bytes]
    .map((byte) => (byte >= 0x20 && byte < 0x7f && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`))
    .join('');
  return { path: escaped, unreadable: 'the path is not valid UTF-8, so promptgate cannot tell which prompt folder it belongs to' };
}

function splitNul(output: Buffer): Buffer[] {
  const tokens: Buffer[] = [];
  let start = 0;
  for (let end = output.indexOf(0); end >= 0; end = output.indexOf(0, start)) {
    tokens.push(output.subarray(start, end));
    start = end + 1;
  }
  if (start < output.length) tokens.push(output.subarray(start));
  return tokens;
}

/**
 * Parses `git diff --name-status -z`: `X\0path\0`, or `R<score>\0old\0new\0` for renames and
 * copies. With -z git neither quotes nor escapes paths, so each one is kept exactly.
 */
export function parseNameStatus(output: Buffer): ChangedPath[] {
  const tokens = splitNul(output);
  const changes: ChangedPath[] = [];
  let i = 0;
  while (i < tokens.length && tokens[i]!.length > 0) {
    const code = String.fromCharCode(tokens[i++]![0]!);
    if (code === 'R' || code === 'C') {
      const previous = pathFromBytes(tokens[i++]!);
      const current = pathFromBytes(tokens[i++]!);
      const unreadable = current.unreadable ?? previous.unreadable;
      // A copy leaves its source in place, so to the rest of promptgate it is a new file.
      const change: ChangedPath =
        code === 'R' ? { path: current.path, status: 'renamed', previousPath: previous.path } : { path: current.path, status: 'added' };
      changes.push(unreadable ? { ...change, unreadable } : change);
    } else {
      const { path, unreadable } = pathFromBytes(tokens[i++]!);
      const status = code === 'A' ? 'added' : code === 'D' ? 'deleted' : 'modified'; // M, T (type), U (unmerged)
      changes.push(unreadable ? { path, status, unreadable } : { path, status });
    }
  }
  return changes;
}

/**
 * Paths that differ between two commits, renames detected. Without `toRef` the comparison is
 * with the work tree, and untracked (not ignored) files count as added — a developer's new
 * prompt folder is tested before it is committed. (An untracked copy of a tracked folder then
 * shows as deleted + added rather than renamed: git only pairs renames among tracked files.)
 */
export async function changedPaths(repoDir: string, fromRef: string, toRef?: string): Promise<ChangedPath[]> {
  const from = await resolveRef(repoDir, fromRef);
  const to = toRef === undefined ? undefined : await resolveRef(repoDir, toRef);
  // --no-relative and --no-ext-diff: the user's diff settings must not change what we parse.
  const diffArgs = ['diff', '--name-status', '-z', '-M', '--no-relative', '--no-ext-diff', from];
  const changes = parseNameStatus(await runGitBytes(repoDir, [...diffArgs, ...(to ? [to] : []), '--']));
  if (to === undefined) {
    const untracked = await runGitBytes(repoDir, ['ls-files', '-z', '--others', '--exclude-standard', '--full-name', ':/']);
    for (const bytes of splitNul(untracked)) {
      if (bytes.length === 0) continue;
      const { path, unreadable } = pathFromBytes(bytes);
      changes.push(unreadable ? { path, status: 'added', unreadable } : { path, status: 'added' });
    }
  }
  return changes;
}
