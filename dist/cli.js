export { d as runCli } from './cli-chunks/cli-entry.js';
import 'node:child_process';
import 'node:path';
import 'node:util';
import 'process';
import 'buffer';
import 'node:fs/promises';
import 'node:crypto';
import 'node:vm';
