export { Y as runCli } from './cli-chunks/cli-entry.js';
import 'node:path';
import 'node:util';
import 'node:fs';
import 'node:fs/promises';
import 'node:crypto';
import 'node:buffer';
import 'node:vm';
