import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file so that a reader (or the next run) sees either the old content or the new,
 * never half of it: the content goes to a temporary file beside the target, which is then
 * renamed over it (rename is atomic within one file system). A run stopped by a signal while
 * saving recordings.json leaves the old file whole, plus at most a stray temporary file.
 */
export async function writeFileAtomically(path: string, content: string | Buffer): Promise<void> {
  const directory = dirname(path);
  await mkdir(directory, { recursive: true });
  const temporary = join(directory, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    // Exclusive: a file or link already at the temporary name is never written through.
    await writeFile(temporary, content, { flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
