import { glob, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputError } from '../lib/diagnostics.js';

/**
 * `--logs` (the action's `logs`): files, folders (every file in them, for a collector's rotated
 * files) or globs, relative to `cwd`. Each entry must match something: a schedule reading a
 * path that is not there would report a quiet, empty window for ever.
 */
export async function expandLogPaths(entries: readonly string[], cwd: string, flag = '--logs'): Promise<string[]> {
  if (entries.length === 0)
    throw new InputError({ file: flag, message: 'give the OTLP JSON files to read (the runtime telemetry file, or a collector export)' });
  const found = new Set<string>();
  for (const entry of entries) {
    const before = found.size;
    if (/[*?[{]/.test(entry)) {
      for await (const path of glob(entry, { cwd })) {
        const full = resolve(cwd, path);
        if ((await stat(full)).isFile()) found.add(full);
      }
    } else {
      const full = resolve(cwd, entry);
      const info = await stat(full).catch(() => undefined);
      if (info?.isDirectory()) {
        for await (const path of glob('**/*', { cwd: full })) {
          const inner = resolve(full, path);
          if ((await stat(inner)).isFile()) found.add(inner);
        }
      } else if (info) {
        found.add(full);
      }
    }
    if (found.size === before) throw new InputError({ file: flag, message: `"${entry}" matches no file` });
  }
  return [...found].sort();
}
