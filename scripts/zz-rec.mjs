// one-off: run the 20k record against the emulator with a memory sampler
import { spawnSync } from 'node:child_process';
import { startProviderEmulator } from '../__tests__/support/provider-emulator.ts';
const [dir, bin, ...extra] = process.argv.slice(2);
const answer = () => ({ text: '{"intent":"general","confidence":0.9,"escalate":false}', usage: { inputTokens: 120, outputTokens: 14 } });
const emulator = await startProviderEmulator({ answer, latencyMs: 0 });
const { spawn } = await import('node:child_process');
const child = spawn(process.execPath, [...extra, '--import', '/tmp/prof/mem-preload.mjs', ...(process.env.TRACE ? ['--trace-gc'] : []), bin, 'test', '.', '--responses', 'record', '--concurrency', '64', '--out', '/tmp/prof/rec.json'], { cwd: dir, env: { ...process.env, OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: emulator.openaiBaseURL }, stdio: ['ignore', process.env.TRACE ? 'inherit' : 'ignore', 'pipe'] });
let err = ''; child.stderr.on('data', (d) => (err += d));
const t0 = performance.now();
await new Promise((r) => child.on('close', r));
console.log(((performance.now() - t0) / 1000).toFixed(1), 's', err.split('\n').filter((l) => l.startsWith('MAX')).join('\n'));
await emulator.close();
