#!/usr/bin/env node
// The CLI ships prebuilt in dist/ (the same bundle discipline as the action), so it starts fast.
import { enableCompileCache } from 'node:module';

// Node keeps the code it compiled from dist/ on disk (in os.tmpdir(), keyed by the file's
// content), so a run after the first does not parse and compile the bundle again: start-up is
// ~30 ms shorter (README, "Speed"). NODE_DISABLE_COMPILE_CACHE=1 turns it off. The bundle is
// imported after it is enabled: a static import would be loaded first.
enableCompileCache();
const { runCli } = await import('../dist/cli.js');

await runCli();
