#!/usr/bin/env node
// `npm run build` runs this before rollup: the chunk folders are emptied so that a chunk a
// new build no longer makes is not left behind (and committed) beside the ones it does.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

for (const folder of ['dist/action-chunks', 'dist/cli-chunks', 'dist/runtime']) {
  rmSync(fileURLToPath(new URL(`../${folder}`, import.meta.url)), { recursive: true, force: true });
}
