import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { FileSource } from './types.js';

/** Folders never searched: dependencies and git internals hold no prompts of the repository. */
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/** `''`, `.`, `./a/b/` → `''`, `''`, `a/b`: one spelling for every repository-relative path. */
export function normalizeRepoPath(path: string): string {
  const normalized = posix.normalize(path.replace(/\\/g, '/')).replace(/\/+$/, '');
  return normalized === '.' ? '' : normalized.replace(/^\.\//, '');
}

/** The work tree on disk as a FileSource (the head side of a comparison). */
export function createWorkTreeSource(rootDir: string): FileSource {
  const root = resolve(rootDir);
  // Paths come from users (globs, prompt.yaml `schema:`): nothing outside the root is read.
  const inside = (path: string): string | undefined => {
    const absolute = resolve(root, normalizeRepoPath(path));
    const back = relative(root, absolute);
    return back === '..' || back.startsWith(`..${sep}`) || isAbsolute(back) ? undefined : absolute;
  };

  return {
    async read(path) {
      const absolute = inside(path);
      if (!absolute) return undefined;
      try {
        return await readFile(absolute);
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async list(dir) {
      const absolute = inside(dir);
      if (!absolute) return [];
      const files: string[] = [];
      await walk(absolute, files);
      return files.map((file) => relative(root, file).split(sep).join('/')).sort();
    },
  };
}

async function walk(dir: string, files: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) await walk(path, files);
    } else if (entry.isFile()) {
      files.push(path);
    } else if (entry.isSymbolicLink()) {
      // Linked files count; linked folders are not followed (they can loop).
      const target = await stat(path).catch(() => undefined);
      if (target?.isFile()) files.push(path);
    }
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
  const bytes = await source.read(path);
  if (!bytes) return { status: 'missing' };
  if (bytes.length > maxBytes) {
    const size = (bytes.length / MIB).toFixed(1);
    return { status: 'invalid', error: { file: path, message: `file is ${size} MiB; promptgate refuses files over ${maxBytes / MIB} MiB` } };
  }
  try {
    // fatal: a wrong encoding must be reported, never turned into U+FFFD in a prompt.
    return { status: 'ok', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8Byte(bytes);
    const line = bytes.subarray(0, offset).filter((byte) => byte === 0x0a).length + 1;
    const value = bytes[offset]?.toString(16).padStart(2, '0') ?? '??';
    return {
      status: 'invalid',
      error: { file: path, line, message: `not valid UTF-8: byte 0x${value} at offset ${offset}; save the file as UTF-8` },
    };
  }
}

/** Offset of the first byte that breaks UTF-8 (TextDecoder says only that something does). */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
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
