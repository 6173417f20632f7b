#!/usr/bin/env node
// The CLI ships prebuilt in dist/ (the same bundle discipline as the action), so it starts fast.
import { runCli } from '../dist/cli.js';

await runCli();
