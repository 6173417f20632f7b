/**
 * A thin wrapper around the git CLI: changed files between refs, reading a folder at a ref
 * without a checkout, and the tag plumbing the CLI's release mode needs.
 *
 * Every call is `git` with an argument array (never a shell string) and GIT_TERMINAL_PROMPT=0,
 * so CI never hangs on a credential prompt. Paths are repository-relative POSIX paths.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { FileSource } from './suite/types.js';

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

function gitEnv(): NodeJS.ProcessEnv {
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
function reasonOf(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.find((line) => /^(fatal|error):/.test(line)) ?? lines[0] ?? '';
}

/** Runs git in `repoDir` and resolves with its stdout (untrimmed); non-zero exit → GitError. */
export function runGit(repoDir: string, args: string[], options: RunGitOptions = {}): Promise<string> {
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
      if (code === 0) return resolve(Buffer.concat(stdout).toString('utf8'));
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
function checkRef(ref: string): void {
  if (ref === '' || ref.startsWith('-')) throw new GitError(`invalid git ref "${ref}"`);
}

export async function isShallowRepository(repoDir: string): Promise<boolean> {
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

/** Whether `a` is `b` or an ancestor of it (a moving alias may only move forward). */
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
// Changed files
// ---------------------------------------------------------------------------------------------

export interface ChangedFile {
  path: string;
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  /** The path before a rename. */
  previousPath?: string;
}

/** Parses `git diff --name-status -z`: `X\0path\0`, or `R<score>\0old\0new\0` for renames and copies. */
export function parseNameStatus(output: string): ChangedFile[] {
  const tokens = output.split('\0');
  const changes: ChangedFile[] = [];
  let i = 0;
  while (i < tokens.length && tokens[i] !== '') {
    const code = tokens[i++]![0];
    if (code === 'R' || code === 'C') {
      const previousPath = tokens[i++]!;
      const path = tokens[i++]!;
      // A copy leaves its source in place, so to the rest of promptgate it is a new file.
      changes.push(code === 'R' ? { path, status: 'renamed', previousPath } : { path, status: 'added' });
    } else {
      const path = tokens[i++]!;
      const status = code === 'A' ? 'added' : code === 'D' ? 'deleted' : 'modified'; // M, T (type), U (unmerged)
      changes.push({ path, status });
    }
  }
  return changes;
}

/**
 * Files that differ between two commits, renames detected. Without `toRef` the comparison is
 * with the work tree, and untracked (not ignored) files count as added — a developer's new
 * prompt folder is tested before it is committed. (An untracked copy of a tracked folder then
 * shows as deleted + added rather than renamed: git only pairs renames among tracked files.)
 */
export async function changedFiles(repoDir: string, fromRef: string, toRef?: string): Promise<ChangedFile[]> {
  const from = await resolveRef(repoDir, fromRef);
  const to = toRef === undefined ? undefined : await resolveRef(repoDir, toRef);
  // --no-relative and --no-ext-diff: the user's diff settings must not change what we parse.
  const diffArgs = ['diff', '--name-status', '-z', '-M', '--no-relative', '--no-ext-diff', from];
  const changes = parseNameStatus(await runGit(repoDir, [...diffArgs, ...(to ? [to] : []), '--']));
  if (to === undefined) {
    const untracked = await runGit(repoDir, ['ls-files', '-z', '--others', '--exclude-standard', '--full-name', ':/']);
    for (const path of untracked.split('\0').filter(Boolean)) changes.push({ path, status: 'added' });
  }
  return changes;
}

// ---------------------------------------------------------------------------------------------
// Reading files of a commit
// ---------------------------------------------------------------------------------------------

export interface GitFileSource extends FileSource {
  /** Ends the `git cat-file` process once pending reads are answered. Later reads reject. */
  close(): void;
}

interface PendingRead {
  resolve(content: Buffer | undefined): void;
  reject(error: Error): void;
}

/** Turns repository-relative input (`./a/b`, `a/b/`) into the form git trees use (`a/b`). */
function treePath(path: string): string {
  return path.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

/**
 * One long-lived `git cat-file --batch`: requests are written as they come and answered in
 * order, so reads pipeline through one process instead of a spawn per file.
 */
class CatFileBatch {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly pending: PendingRead[] = [];
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Set once an object's header is read and its body has not fully arrived yet. */
  private expected: { type: string; size: number } | undefined;
  private failure: Error | undefined;
  private stderr = '';

  constructor(private readonly repoDir: string) {}

  read(objectName: string): Promise<Buffer | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.start().stdin.write(`${objectName}\n`);
    });
  }

  close(): void {
    this.failure ??= new GitError('git cat-file: the source was closed');
    // End of input makes git answer what is queued, then exit.
    this.child?.stdin.end();
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn('git', ['cat-file', '--batch'], { cwd: this.repoDir, env: gitEnv(), stdio: 'pipe' });
    child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    child.stdin.on('error', () => undefined); // reported by 'close' below, with git's reason
    child.on('error', (error) => this.fail(new GitError(`git cat-file: cannot run git: ${error.message}`)));
    child.on('close', (code) => {
      const reason = reasonOf(this.stderr) || `exited with ${code ?? 'a signal'}`;
      this.fail(new GitError(`git cat-file failed: ${reason}`, { exitCode: code ?? undefined, stderr: this.stderr }));
    });
    this.child = child;
    return child;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const read of this.pending.splice(0)) read.reject(error);
  }

  /** All buffered bytes as one Buffer (concatenated only when a header or a whole body is there). */
  private joined(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0]!;
  }

  private consume(bytes: number): Buffer {
    const data = this.joined();
    this.chunks = [data.subarray(bytes)];
    this.buffered -= bytes;
    return data.subarray(0, bytes);
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (!this.expected) {
        const eol = this.joined().indexOf(0x0a);
        if (eol < 0) return;
        const header = this.consume(eol + 1).toString('utf8', 0, eol);
        // `<sha> <type> <size>`, or `<name> missing` / `<name> ambiguous`.
        const match = /^[0-9a-f]{40,64} (\S+) (\d+)$/.exec(header);
        if (!match) {
          this.pending.shift()?.resolve(undefined);
          continue;
        }
        this.expected = { type: match[1]!, size: Number(match[2]) };
      }
      // The body is followed by a newline.
      if (this.buffered < this.expected.size + 1) return;
      const body = Buffer.from(this.consume(this.expected.size + 1).subarray(0, this.expected.size));
      // A folder (tree) or a submodule is not a file.
      this.pending.shift()?.resolve(this.expected.type === 'blob' ? body : undefined);
      this.expected = undefined;
    }
  }
}

/**
 * The files of a commit, read from git objects without a checkout (the base side of a
 * comparison). `ref` is resolved to a commit once, on first use, so every read sees the same
 * commit. Call close() when done: it ends the `git cat-file` process.
 */
export function createGitSource(repoDir: string, ref: string): GitFileSource {
  let commit: Promise<string> | undefined;
  const resolveCommit = () => (commit ??= resolveRef(repoDir, ref));
  const batch = new CatFileBatch(repoDir);
  // Reads started before close() still get answers: they may be waiting for the commit id.
  let closed = false;
  let active = 0;

  return {
    async read(path) {
      if (closed) throw new GitError('git cat-file: the source was closed');
      const name = treePath(path);
      // The batch protocol is line based: such a path cannot be asked for (nor is it a prompt file).
      if (name === '' || name.includes('\n')) return undefined;
      active++;
      try {
        return await batch.read(`${await resolveCommit()}:${name}`);
      } finally {
        if (--active === 0 && closed) batch.close();
      }
    },
    async list(dir) {
      const name = treePath(dir) === '.' ? '' : treePath(dir);
      const output = await runGit(repoDir, [
        'ls-tree', '-r', '-z', '--full-tree', await resolveCommit(), '--', ...(name ? [name] : []),
      ]);
      // Entries are `<mode> <type> <sha>\t<path>`; submodules (type commit) are not files.
      return output
        .split('\0')
        .filter((entry) => entry.split(' ', 2)[1] === 'blob')
        .map((entry) => entry.slice(entry.indexOf('\t') + 1));
    },
    close() {
      closed = true;
      if (active === 0) batch.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Tags (CLI release mode)
// ---------------------------------------------------------------------------------------------

export interface TagInfo {
  /** Short name, e.g. `customer-support/v2.0`. */
  name: string;
  /** The commit the tag points at, through the tag object for annotated tags. */
  commit: string;
  annotated: boolean;
  /** The annotated tag's full message (without trailing newline or signature); '' for lightweight tags. */
  message: string;
  /** When the annotated tag was made; undefined for lightweight tags. */
  taggerDate: Date | undefined;
}

const TAG_FIELDS = [
  '%(refname:lstrip=2)',
  '%(objecttype)',
  '%(objectname)',
  '%(*objecttype)',
  '%(*objectname)',
  '%(taggerdate:iso-strict)',
  '%(contents)',
  '%(contents:signature)',
];

/**
 * Tags whose name matches `pattern` (a for-each-ref glob on the name: `prod/*`, `v1.*`; `*`
 * does not cross `/`), sorted by name. Omitting the pattern lists every tag. Tags of
 * trees or blobs are left out: only commits are prompt versions.
 */
export async function listTags(repoDir: string, pattern?: string): Promise<TagInfo[]> {
  // Messages span lines, so fields end in NUL; for-each-ref adds a newline after each record.
  const format = TAG_FIELDS.map((field) => `${field}%00`).join('');
  const output = await runGit(repoDir, ['for-each-ref', `--format=${format}`, pattern ? `refs/tags/${pattern}` : 'refs/tags']);
  const tokens = output.split('\0');
  const tags: TagInfo[] = [];
  for (let i = 0; i + TAG_FIELDS.length <= tokens.length; i += TAG_FIELDS.length) {
    const [rawName, type, object, peeledType, peeled, date, contents, signature] = tokens.slice(i, i + TAG_FIELDS.length);
    const name = rawName!.replace(/^\n/, '');
    const annotated = type === 'tag';
    let commit: string | undefined;
    if (type === 'commit') commit = object;
    else if (annotated && peeledType === 'commit') commit = peeled;
    else if (annotated && peeledType === 'tag') commit = await resolveRef(repoDir, `refs/tags/${name}`).catch(() => undefined); // a tag of a tag
    if (!commit) continue;
    const message = annotated ? contents!.slice(0, contents!.length - signature!.length).replace(/\n+$/, '') : '';
    tags.push({ name, commit, annotated, message, taggerDate: date ? new Date(date) : undefined });
  }
  return tags;
}

export interface TagOptions {
  /** Who the tag names as tagger, when git's user.name / user.email are not configured (CI). */
  tagger?: { name: string; email: string };
}

function tagArgs(name: string, commit: string, force: boolean, options: TagOptions): string[] {
  checkRef(name);
  checkRef(commit);
  const identity = options.tagger ? ['-c', `user.name=${options.tagger.name}`, '-c', `user.email=${options.tagger.email}`] : [];
  // --cleanup=whitespace keeps lines starting with `#` (Markdown headings) that the default would strip.
  return [...identity, 'tag', '--annotate', ...(force ? ['--force'] : []), '--cleanup=whitespace', '--file=-', name, `${commit}^{commit}`];
}

/** Creates an annotated tag; fails if the tag exists (versions are immutable). */
export async function createAnnotatedTag(
  repoDir: string,
  name: string,
  commit: string,
  message: string,
  options: TagOptions = {},
): Promise<void> {
  await runGit(repoDir, tagArgs(name, commit, false, options), { input: message });
}

/** Creates or moves an annotated tag (a moving alias such as `prod`). */
export async function moveTag(
  repoDir: string,
  name: string,
  commit: string,
  message: string,
  options: TagOptions = {},
): Promise<void> {
  await runGit(repoDir, tagArgs(name, commit, true, options), { input: message });
}
