import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Writes a file so that a reader (or the next run) sees either the old content or the new,
 * never half of it: the content goes to a temporary file beside the target, which is then
 * renamed over it (rename is atomic within one file system). A run stopped by a signal while
 * saving recordings.json leaves the old file whole, plus at most a stray temporary file.
 */
export async function writeFileAtomically(path: string, content: string | Buffer): Promise<void> {
  // Exclusive: a file or link already at the temporary name is never written through.
  await replaceAtomically(path, (temporary) => writeFile(temporary, content, { flag: 'wx' }));
}

/** Below this, pieces are joined before they are written: one write per piece is slow. */
const CHUNK_CHARACTERS = 64 * 1024;

/**
 * The same, for content produced piece by piece (results.json): only one chunk of it is held
 * at a time. If producing a piece throws, the target keeps its old content.
 */
export async function writePiecesAtomically(path: string, pieces: Iterable<string>): Promise<void> {
  const target = await regularFileTarget(path);
  if (target === undefined) {
    // A device or a pipe (`--out /dev/stdout`) has nothing to replace: write through it.
    await pipeline(Readable.from(chunked(pieces)), createWriteStream(path));
    return;
  }
  await replaceAtomically(target, (temporary) => pipeline(Readable.from(chunked(pieces)), createWriteStream(temporary, { flags: 'wx' })));
}

/**
 * The file a user's path names, links followed (the link stays, its file is replaced), or the
 * path itself when nothing is there yet; undefined when it is not a regular file.
 */
async function regularFileTarget(path: string): Promise<string | undefined> {
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    return path;
  }
  return (await stat(real)).isFile() ? real : undefined;
}

function* chunked(pieces: Iterable<string>): Generator<string, void, undefined> {
  let chunk = '';
  for (const piece of pieces) {
    chunk += piece;
    if (chunk.length >= CHUNK_CHARACTERS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

async function replaceAtomically(path: string, write: (temporary: string) => Promise<unknown>): Promise<void> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true });
  const temporary = join(directory, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await write(temporary);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
