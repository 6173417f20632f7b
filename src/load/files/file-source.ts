import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { lstat, mkdir, realpath } from 'node:fs/promises';
import { writeFileAtomically, writePiecesAtomically } from '../../lib/atomic-write.js';
import { basename, dirname, join, posix, resolve, sep } from 'node:path';
import { InputError, type Diagnostic } from '../../lib/diagnostics.js';
import { decodeUtf8Strict } from '../../lib/utf8.js';

/**
 * Where a folder's files come from: the work tree for head, git objects for base.
 * Paths are repository-relative POSIX paths.
 */
export interface FileSource {
  /** The file's bytes, or undefined when it does not exist. */
  read(path: string): Promise<Buffer | undefined>;
  /** Every file path under `dir` (recursive), repository-relative. */
  list(dir: string): Promise<string[]>;
}

/** Folders never searched: dependencies and git internals hold no prompts of the repository. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/**
 * `''`, `.`, `./a/b/` → `''`, `''`, `a/b`: one spelling for every repository-relative path.
 * A backslash is a character of a file name in git and on POSIX, never a separator: turning it
 * into `/` made a change to `a\b/system.txt` miss its folder and pass as "no prompt changed".
 */
export function normalizeRepoPath(path: string): string {
  const normalized = posix.normalize(path).replace(/\/+$/, '');
  return normalized === '.' ? '' : normalized.replace(/^\.\//, '');
}

const UNSAFE_REASONS = {
  'symlink-outside': 'is a symlink leaving the repository; promptgate reads only files inside it',
  'symlink-loop': 'is a symlink loop',
  'git-internals': "leads into the repository's .git folder, which promptgate never reads",
  'not-a-regular-file': 'is not a regular file (a device, a pipe or a socket)',
  'dangling-symlink': 'is a symlink to a file that does not exist; promptgate does not write through it',
};

/**
 * A prompt file promptgate refuses to read: the pull request's author controls the folder, and
 * a symlink to /proc/self/environ or ../.git/config would send the runner's secrets to the
 * model and on to the comment. The message names the file, never its target or content.
 */
export class UnsafeFileError extends InputError {
  constructor(file: string, reason: keyof typeof UNSAFE_REASONS) {
    super({ file, message: UNSAFE_REASONS[reason] });
    this.name = 'UnsafeFileError';
  }
}

/**
 * Whether `path` is `dir` or inside it. Both are absolute and normalized (from path.resolve or
 * realpath), so a prefix check is exact; path.relative resolved both again, three times a file.
 */
function isWithin(dir: string, path: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : `${dir}${sep}`);
}

/**
 * The work tree on disk as a FileSource (the head side of a comparison). A file is read only
 * when it is a regular file whose real path (symlinks resolved) is inside the repository and
 * outside its .git folder. A symlink to another file inside the repository is followed, as the
 * git source follows it in git objects, so both sides of a comparison read the same content.
 */
export function createWorkTreeSource(rootDir: string): FileSource {
  const root = resolve(rootDir);
  let realRoot: string | undefined;
  // Paths come from users (globs, prompt.yaml `schema:`): nothing outside the root is read.
  const inside = (path: string): string | undefined => {
    const absolute = resolve(root, normalizeRepoPath(path));
    return isWithin(root, absolute) ? absolute : undefined;
  };

  /**
   * The real path to read, undefined when there is no file, or UnsafeFileError. Synchronous, as
   * is the read: prompt files are small and local, and each asynchronous call is a round trip
   * through libuv's thread pool (six per file, a large share of loading; docs/speed.md).
   */
  const safeRealPath = (path: string, absolute: string): string | undefined => {
    const known = inKnownFolder(absolute);
    if (known !== SLOW_PATH) return known;
    let real: string;
    try {
      real = realpathSync.native(absolute);
    } catch (error) {
      if (isMissing(error)) return undefined; // a dangling link is a missing file
      if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new UnsafeFileError(path, 'symlink-loop');
      throw error;
    }
    const top = (realRoot ??= realpathSync.native(root));
    if (!isWithin(top, real)) throw new UnsafeFileError(path, 'symlink-outside');
    if (isWithin(join(top, '.git'), real)) throw new UnsafeFileError(path, 'git-internals');
    // Checked before reading: a FIFO or a device would block or never end.
    const info = statSync(real);
    if (info.isDirectory()) return undefined;
    if (!info.isFile()) throw new UnsafeFileError(path, 'not-a-regular-file');
    return real;
  };

  /*
   * The common case, cheaply: a file that is not a link, in a folder whose real path is known.
   * realpath(3) reads every component of the path (a readlink call each, ~10 per file), and a
   * folder holds five or six files: its real path is resolved once, and each file gets one
   * lstat. Anything else (a link, a folder that is not there, an error) takes the full check.
   */
  const realFolders = new Map<string, string | null>();
  const SLOW_PATH = Symbol('slow path');
  const inKnownFolder = (absolute: string): string | undefined | typeof SLOW_PATH => {
    const folder = dirname(absolute);
    let realFolder = realFolders.get(folder);
    if (realFolder === undefined) {
      try {
        realFolder = realpathSync.native(folder);
      } catch {
        realFolder = null;
      }
      realFolders.set(folder, realFolder);
    }
    if (realFolder === null) return SLOW_PATH;
    const top = (realRoot ??= realpathSync.native(root));
    const real = join(realFolder, basename(absolute));
    if (!isWithin(top, real) || isWithin(join(top, '.git'), real)) return SLOW_PATH;
    let info;
    try {
      info = lstatSync(real);
    } catch (error) {
      return isMissing(error) ? undefined : SLOW_PATH;
    }
    if (info.isFile()) return real;
    return info.isDirectory() ? undefined : SLOW_PATH; // a link, a device, a pipe
  };

  return {
    async read(path) {
      const absolute = inside(path);
      if (!absolute) return undefined;
      const real = safeRealPath(path, absolute);
      if (!real) return undefined;
      try {
        return readFileSync(real);
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async list(dir) {
      const absolute = inside(dir);
      if (!absolute) return [];
      const files: string[] = [];
      walk(absolute, files);
      // Every listed file is `root` + separator + its repository path.
      const prefix = root.endsWith(sep) ? root.length : root.length + 1;
      return files.map((file) => (sep === '/' ? file.slice(prefix) : file.slice(prefix).split(sep).join('/'))).sort();
    },
  };
}

/**
 * Writes a file of the repository (recordings.json) the way reads are checked: through a
 * symlink only to a place inside the repository and outside .git. A pull request could
 * otherwise commit `recordings.json -> ~/.bashrc` and have a record run overwrite it.
 * Atomic (writeFileAtomically), so a signal during a save leaves the old file or the new one.
 */
export async function writeRepoFile(rootDir: string, path: string, content: string | Buffer | Iterable<string>): Promise<void> {
  const root = await realpath(resolve(rootDir));
  const absolute = resolve(root, normalizeRepoPath(path));
  if (!isWithin(root, absolute)) throw new UnsafeFileError(path, 'symlink-outside');
  await mkdir(dirname(absolute), { recursive: true });
  let target = join(await realpath(dirname(absolute)), basename(absolute));
  const link = await lstat(target).catch(() => undefined);
  if (link?.isSymbolicLink()) {
    target = await realpath(target).catch(() => {
      throw new UnsafeFileError(path, 'dangling-symlink');
    });
  }
  if (!isWithin(root, target)) throw new UnsafeFileError(path, 'symlink-outside');
  if (isWithin(join(root, '.git'), target)) throw new UnsafeFileError(path, 'git-internals');
  // Text given in pieces (recordings.json) is streamed to the temporary file, never joined.
  if (typeof content === 'string' || Buffer.isBuffer(content)) await writeFileAtomically(target, content);
  else await writePiecesAtomically(target, content);
}

/** Synchronous for the reason reads are (a thread-pool round trip per folder of the repository). */
function walk(dir: string, files: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) walk(path, files);
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      // Linked folders are not followed (they can loop). Every linked file is listed, wherever
      // it points, as git lists it: reading it then says whether it may be read, so a folder
      // whose system.txt leaves the repository fails loudly instead of vanishing.
      const target = entry.isFile() ? undefined : statOrUndefined(path);
      if (entry.isFile() || !target?.isDirectory()) files.push(path);
    }
  }
}

/** A link's target, or undefined when it dangles or loops: reading it later says which. */
function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

// ---------------------------------------------------------------------------------------------

/** Prompt files are small; anything bigger is a mistake (or an attack) and is not parsed. */
export const MAX_FILE_BYTES = 1024 * 1024;
const MIB = 1024 * 1024;

export type TextFile = { status: 'ok'; text: string } | { status: 'missing' } | { status: 'invalid'; error: Diagnostic };

/** Reads a user file as UTF-8 text, refusing huge files and invalid bytes with a located message. */
export async function readTextFile(source: FileSource, path: string, maxBytes = MAX_FILE_BYTES): Promise<TextFile> {
  let bytes: Buffer | undefined;
  try {
    bytes = await source.read(path);
  } catch (error) {
    if (error instanceof UnsafeFileError) return { status: 'invalid', error: error.diagnostic };
    throw error;
  }
  if (!bytes) return { status: 'missing' };
  if (bytes.length > maxBytes) {
    const size = (bytes.length / MIB).toFixed(1);
    return {
      status: 'invalid',
      error: { file: path, message: `file is ${size} MiB; promptgate refuses files over ${maxBytes / MIB} MiB` },
    };
  }
  // Strict: a wrong encoding must be reported, never turned into U+FFFD in a prompt.
  const text = decodeUtf8Strict(bytes);
  if (text !== undefined) return { status: 'ok', text };
  const offset = firstInvalidUtf8Byte(bytes);
  const line = bytes.subarray(0, offset).filter((byte) => byte === 0x0a).length + 1;
  const value = bytes[offset]?.toString(16).padStart(2, '0') ?? '??';
  return {
    status: 'invalid',
    error: { file: path, line, message: `not valid UTF-8: byte 0x${value} at offset ${offset}; save the file as UTF-8` },
  };
}

/** Offset of the first byte that breaks UTF-8 (the strict decoder says only that something does). */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    const length =
      lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return index;
    for (let next = 1; next < length; next += 1) {
      const byte = bytes[index + next];
      if (byte === undefined || (byte & 0xc0) !== 0x80) return index;
      // Overlong forms, surrogates and code points past U+10FFFF are invalid too.
      if (next === 1) {
        if (lead === 0xe0 && byte < 0xa0) return index;
        if (lead === 0xed && byte > 0x9f) return index;
        if (lead === 0xf0 && byte < 0x90) return index;
        if (lead === 0xf4 && byte > 0x8f) return index;
      }
    }
    index += length;
  }
  return bytes.length;
}
