import { randomBytes } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';

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
 *
 * The chunks are written synchronously: a run writes its files at the end, with nothing else
 * to do meanwhile, and a stream made every 64 KB chunk a trip through the thread pool, with the
 * run idle, waiting for writes (docs/speed.md).
 */
export async function writePiecesAtomically(path: string, pieces: Iterable<string>): Promise<void> {
  const target = await regularFileTarget(path);
  if (target === undefined) {
    // A device or a pipe (`--out /dev/stdout`) has nothing to replace: write through it.
    await writeThrough(path, pieces);
    return;
  }
  await replaceAtomically(target, async (temporary) => writeChunks(temporary, 'wx', pieces));
}

/** Opens `path` with `flags` and writes the pieces to it, joined into chunks. */
function writeChunks(path: string, flags: 'w' | 'wx', pieces: Iterable<string>): void {
  const fd = openSync(path, flags);
  try {
    for (const chunk of chunked(pieces)) {
      // A write may take only part of a chunk (a pipe, a signal): the rest follows.
      const bytes = Buffer.from(chunk, 'utf8');
      for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * `--out /dev/stdout` (or stderr) when it cannot be opened by name: a socket gives ENXIO, and
 * when Node runs promptgate, stdout is one. The process's own stream takes the pieces then.
 */
async function writeThrough(path: string, pieces: Iterable<string>): Promise<void> {
  try {
    writeChunks(path, 'w', pieces);
  } catch (error) {
    // The reader went away (`--out /dev/stdout | head -1`): it has all it wanted.
    if (readerGone(error)) return;
    const stream = { '/dev/stdout': process.stdout, '/dev/stderr': process.stderr }[path];
    if ((error as NodeJS.ErrnoException).code !== 'ENXIO' || !stream) throw error;
    try {
      for (const chunk of chunked(pieces)) {
        if (stream.destroyed) return;
        if (!stream.write(chunk)) await drainedOrClosed(stream);
      }
    } catch (streamError) {
      if (!readerGone(streamError)) throw streamError;
    }
  }
}

/** Waits until the stream takes more, or is gone; the listeners do not outlive the wait. */
async function drainedOrClosed(stream: NodeJS.WriteStream): Promise<void> {
  const over = new AbortController();
  try {
    await Promise.race([once(stream, 'drain', { signal: over.signal }), once(stream, 'close', { signal: over.signal })]);
  } finally {
    over.abort();
  }
}

function readerGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
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
    // realpath cannot name everything a path reaches: in a pipeline /dev/stdout is a link to
    // `pipe:[…]`. Replacing that "missing" file renamed a regular file over /dev/stdout itself.
    // Only a path that reaches nothing at all is a new file.
    const reached = await stat(path).catch(() => undefined);
    return reached && !reached.isFile() ? undefined : path;
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
