/**
 * Production traffic for the monitor and harvest tests, through the real runtime: a bundle of
 * the repository's tagged versions, an engine writing its OTLP JSON Lines file, and calls
 * answered by the provider emulator. Failures are the runtime's own (schema failures, provider
 * errors), so the spans are exactly what an app writes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPromptEngine, type Lockfile, type TelemetryOptions } from '../../src/runtime/index.js';
import { supportModel } from './fixtures.js';
import type { Answer, EmulatedRequest, RunningEmulator } from './provider-emulator.js';
import { runtimeEnv, type RuntimeRepo } from './runtime-repo.js';

/** The support model, except that every `badEvery`-th answer to a system prompt containing `marker` breaks the schema. */
export function flakyModel(marker: string, badEvery: number): (request: EmulatedRequest) => Answer {
  let count = 0;
  return (request) => {
    const system = request.messages.find((message) => message.role === 'system')?.content ?? '';
    if (system.includes(marker) && ++count % badEvery === 0) {
      return JSON.stringify({ intent: 'billing_issue', action: 'escalate', confidence: 3, escalate: true });
    }
    return supportModel(request);
  };
}

const INPUTS = ['I forgot my password', 'You charged my card twice', "What's the weather tomorrow?", 'Where is my order?'];

/**
 * Bundles the repository's aliases, then makes `calls` executions with keys user-0, user-1, …
 * (so a canary gets its sticky share), writing spans to `file`. Returns how many failed.
 */
export async function serveTraffic(
  repo: RuntimeRepo,
  emulator: RunningEmulator,
  options: {
    file: string;
    calls: number;
    record?: TelemetryOptions['record'];
    input?: (call: number) => string;
    vars?: Record<string, string>;
  },
): Promise<{ failed: number; variants: Record<string, number> }> {
  const bundled = await repo.cli(['bundle', '--out', 'prompts.lock.json']);
  if (bundled.code !== 0) throw new Error(`bundle failed: ${bundled.stderr}`);
  const bundle = JSON.parse(await readFile(join(repo.repo.dir, 'prompts.lock.json'), 'utf8')) as Lockfile;
  const engine = await createPromptEngine({
    bundle,
    env: runtimeEnv(emulator),
    retry: { maxAttempts: 1 },
    telemetry: { file: options.file, ...(options.record ? { record: options.record } : {}) },
  });
  let failed = 0;
  const variants: Record<string, number> = {};
  for (let call = 0; call < options.calls; call += 1) {
    const input = options.input?.(call) ?? INPUTS[call % INPUTS.length]!;
    try {
      const result = await engine.execute('support', { input, key: `user-${call}`, ...(options.vars ? { vars: options.vars } : {}) });
      variants[result.variant] = (variants[result.variant] ?? 0) + 1;
    } catch {
      failed += 1;
    }
  }
  await engine.close();
  return { failed, variants };
}
