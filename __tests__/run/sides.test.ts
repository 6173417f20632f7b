import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSideRunners } from '../../src/run/sides.js';
import type { ResolvedOptions } from '../../src/engine/options.js';
import { resolveSettings } from '../../src/load/settings.js';
import type { ResponseMode } from '../../src/providers/answer-source.js';
import { createWorkTreeSource } from '../../src/load/files/file-source.js';

/*
 * Whether a run can call a provider at all: the engine keeps V8's young generation small on a
 * run that cannot (heap.ts). `auto` without any key is the action's default on a fork or a
 * replay-only repository, and must count as one.
 */
function runnersFor(responses: ResponseMode, env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'promptgate-sides-'));
  try {
    const options: ResolvedOptions = {
      repoDir: dir,
      env,
      toolVersion: 'test',
      settings: resolveSettings({ responses, concurrency: 3 }, {}),
    };
    return createSideRunners(options, createWorkTreeSource(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('which runs can call a provider', () => {
  it.each([
    ['replay', {}, false],
    ['replay', { OPENAI_API_KEY: 'sk-x' }, false],
    ['auto', {}, false],
    ['auto', { OPENAI_API_KEY: ' ' }, false],
    ['auto', { ANTHROPIC_API_KEY: 'sk-ant-x' }, true],
    ['auto', { OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }, true],
    ['live', { OPENAI_API_KEY: 'sk-x' }, true],
    ['record', {}, false],
  ] as const)('%s with %j: %s', (responses, env, calls) => {
    const runners = runnersFor(responses, env);
    expect(runners.callsProviders).toBe(calls);
    // Calls, when there are any, are bounded by the run's concurrency, base and head together.
    expect(runners.head.limiter.concurrency).toBe(3);
    expect(runners.baseFrom(createWorkTreeSource(tmpdir())).limiter).toBe(runners.head.limiter);
  });
});
