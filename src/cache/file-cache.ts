import { mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../lib/atomic-write.js';
import { redactDeep } from '../lib/redact-deep.js';
import type { AnswerCache } from '../providers/answer-cache.js';
import type { RecordedResponse } from '../providers/recordings-file.js';

/**
 * The answer cache on disk: one small JSON file per answer, named by the request's digest and
 * its run number (`ab/abcdef…-0.json`), holding the digest again so that an entry is used only
 * for its exact request. Written atomically (a temp file renamed over), so a job killed while
 * writing leaves no half entry. Secrets are blanked as in recordings.json. A hit refreshes the
 * entry's time, and when the folder outgrows its bound the entries unused longest go first.
 */

export const CACHE_FORMAT = 'promptgate-cache/1';
/** The default bound: far above a large suite's answers (20,000 answers are ~40 MB). */
export const DEFAULT_CACHE_MAX_BYTES = 256 * 1024 * 1024;

export interface FileCacheOptions {
  dir: string;
  /** The run's redaction (lib/secrets.ts redactor): no secret is written into the cache. */
  redact: (text: string) => string;
  maxBytes?: number;
  onWarning?: (message: string) => void;
}

export interface FileCache extends AnswerCache {
  /** Drops the entries unused longest until the folder is back under its bound. */
  trim(): Promise<void>;
}

interface Entry {
  format: typeof CACHE_FORMAT;
  digest: string;
  repeatIndex: number;
  response: RecordedResponse;
}

export function createFileCache(options: FileCacheOptions): FileCache {
  const { dir } = options;
  const pathOf = (digest: string, repeatIndex: number) => join(dir, digest.slice(0, 2), `${digest}-${repeatIndex}.json`);
  let warned = false;
  const warn = (message: string) => {
    // One warning a run: a broken cache folder would otherwise say so for every test.
    if (!warned) options.onWarning?.(`${message}; answers are called live instead (the cache is only ever a shortcut)`);
    warned = true;
  };
  let prepared: Promise<void> | undefined;
  // The folder ignores itself, so a cache inside the repository never ends up in a commit.
  const prepare = () => (prepared ??= mkdir(dir, { recursive: true }).then(() => writeFile(join(dir, '.gitignore'), '*\n')));

  return {
    async get(digest, repeatIndex) {
      const path = pathOf(digest, repeatIndex);
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
          warn(`the answer cache entry ${path} cannot be read (${(error as Error).message})`);
        return undefined;
      }
      const entry = parseEntry(text);
      if (!entry || entry.digest !== digest || entry.repeatIndex !== repeatIndex) {
        warn(`the answer cache entry ${path} is not a promptgate cache entry for its request`);
        return undefined;
      }
      // Recently used entries are the ones trim() keeps.
      const now = new Date();
      await utimes(path, now, now).catch(() => undefined);
      return entry.response;
    },

    async put(digest, repeatIndex, response) {
      const entry: Entry = { format: CACHE_FORMAT, digest, repeatIndex, response: redactDeep(response, options.redact) };
      try {
        await prepare();
        await writeFileAtomically(pathOf(digest, repeatIndex), `${JSON.stringify(entry)}\n`);
      } catch (error) {
        warn(`the answer cache at ${dir} cannot be written (${(error as Error).message})`);
      }
    },

    async trim() {
      const maxBytes = options.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
      let files: Array<{ path: string; size: number; time: number }>;
      try {
        files = await listEntries(dir);
      } catch {
        return;
      }
      let total = files.reduce((sum, file) => sum + file.size, 0);
      if (total <= maxBytes) return;
      // Down to 90% of the bound, so the next run does not trim again at once.
      files.sort((a, b) => a.time - b.time);
      for (const file of files) {
        if (total <= maxBytes * 0.9) break;
        await rm(file.path, { force: true });
        total -= file.size;
      }
    },
  };
}

function parseEntry(text: string): Entry | undefined {
  try {
    const value = JSON.parse(text) as Partial<Entry> | null;
    const response = value?.response;
    if (value?.format !== CACHE_FORMAT || typeof value.digest !== 'string' || typeof value.repeatIndex !== 'number') return undefined;
    if (!response || typeof response.text !== 'string' || typeof response.model !== 'string' || typeof response.usage !== 'object')
      return undefined;
    return value as Entry;
  } catch {
    return undefined;
  }
}

async function listEntries(dir: string): Promise<Array<{ path: string; size: number; time: number }>> {
  const entries: Array<{ path: string; size: number; time: number }> = [];
  for (const shard of await readdir(dir, { withFileTypes: true })) {
    if (!shard.isDirectory()) continue;
    for (const name of await readdir(join(dir, shard.name))) {
      if (!name.endsWith('.json')) continue;
      const path = join(dir, shard.name, name);
      const info = await stat(path).catch(() => undefined);
      if (info) entries.push({ path, size: info.size, time: info.mtimeMs });
    }
  }
  return entries;
}
