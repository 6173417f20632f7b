import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Rendered outputs kept as files a reviewer reads (`__tests__/render/__outputs__/*.md`), in the
 * style of dorny/test-reporter: a change to the comment shows up as a readable diff of the
 * comment, not of an escaped string. Compared byte for byte; `UPDATE_OUTPUTS=1 npm test` writes
 * them anew (then read the diff before committing it).
 */
export const UPDATING = process.env.UPDATE_OUTPUTS === '1';

/** The saved text of `url`, or (when updating, or the file is new) `actual` written there. */
export function savedOutput(url: URL, actual: string): string {
  const path = fileURLToPath(url);
  if (UPDATING || !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    if (!UPDATING) throw new Error(`${path} did not exist: written now; run again to compare (UPDATE_OUTPUTS=1 rewrites it)`);
  }
  return readFileSync(path, 'utf8');
}
