#!/usr/bin/env node
// Re-creates prompts-example/*/recordings.json through promptgate's real record path:
// the CLI calls the official SDKs, which talk to the project's loopback provider emulator,
// which answers with the hand-written model answers in scripts/example-answers.json
// (text, token usage and latency of a well-behaved current model).
//
//   npm run build && node scripts/record-examples.mjs
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startProviderEmulator } from '../__tests__/support/provider-emulator.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const answers = JSON.parse(readFileSync(new URL('example-answers.json', import.meta.url), 'utf8'));

let table = {};
// An answer's `byModel` holds what differs for one model of a `models:` matrix (tokens, latency, text).
const lookup = (request) => {
  const entry = Object.values(table).find((answer) => answer.input === request.lastUserMessage);
  if (!entry) throw new Error(`no example answer for input ${JSON.stringify(request.lastUserMessage.slice(0, 80))}`);
  return { ...entry, ...(entry.byModel?.[request.model] ?? {}) };
};
const emulator = await startProviderEmulator({
  answer: (request) => {
    const entry = lookup(request);
    return {
      text: entry.text,
      usage: { inputTokens: entry.inputTokens, outputTokens: entry.outputTokens, cachedInputTokens: entry.cachedInputTokens ?? 0 },
      ...(entry.toolCalls ? { toolCalls: entry.toolCalls } : {}),
    };
  },
  latencyMs: (request) => lookup(request).latencyMs,
});

let failed = false;
try {
  for (const [folder, tests] of Object.entries(answers)) {
    // The emulator matches answers by the test's input, which tests.yaml holds (a multi-turn
    // test is matched by its final input).
    const { parse } = await import('yaml');
    const suite = parse(readFileSync(`${root}/${folder}/tests.yaml`, 'utf8'));
    table = Object.fromEntries(
      Object.entries(tests).map(([name, answer]) => {
        const test = suite.tests.find((candidate) => candidate.name === name);
        if (!test) throw new Error(`${folder}: example-answers.json names a test tests.yaml does not have: ${name}`);
        return [name, { ...answer, input: test.input }];
      }),
    );
    // Asynchronous on purpose: the emulator answering the child lives in this process.
    const child = spawn(
      process.execPath,
      ['bin/promptgate.js', 'test', folder, '--responses', 'record', '--no-color', '--out', '/tmp/promptgate-record.json'],
      {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: {
          ...process.env,
          OPENAI_API_KEY: 'sk-example-recording',
          ANTHROPIC_API_KEY: 'sk-ant-example-recording',
          OPENAI_BASE_URL: emulator.openaiBaseURL,
          ANTHROPIC_BASE_URL: emulator.anthropicBaseURL,
        },
      },
    );
    const status = await new Promise((resolve) => child.on('close', resolve));
    if (status !== 0) failed = true;
  }
} finally {
  await emulator.close();
}
process.exitCode = failed ? 1 : 0;
