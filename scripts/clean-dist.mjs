#!/usr/bin/env node
// `npm run build` runs this before rollup: dist/ holds only what the build writes, so it is
// emptied first and a file a new build no longer makes (a chunk, or a folder of an older
// layout) is not left behind, and committed, beside the ones it does.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

rmSync(fileURLToPath(new URL('../dist', import.meta.url)), { recursive: true, force: true });
