// The side-by-side peer for `npm run bench`: promptfoo, when PROMPTFOO_BIN points at its
// executable. The same tests (a JSON classifier whose intent and confidence are checked) go to
// the same loopback emulator; nothing in CI depends on it, and without the variable it is skipped.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const rssReporter = fileURLToPath(new URL('./report-rss.mjs', import.meta.url));

/** The peer's path when one is configured, else undefined. */
export function peerInstalled() {
  return process.env.PROMPTFOO_BIN || undefined;
}

function writeConfig(dir, tests, baseURL) {
  mkdirSync(dir, { recursive: true });
  const system =
    'You are the support assistant for Acme. Classify the message.\\nAnswer as JSON: {\\"intent\\": ..., \\"confidence\\": ..., \\"escalate\\": ...}';
  const lines = [
    'description: promptgate bench peer',
    'prompts:',
    `  - '[{"role":"system","content":"${system}"},{"role":"user","content":"{{input}}"}]'`,
    'providers:',
    '  - id: openai:chat:gpt-4o-mini',
    `    config: { apiBaseUrl: "${baseURL}", apiKey: sk-bench, temperature: 0 }`,
    'tests:',
  ];
  for (let t = 0; t < tests; t += 1) {
    lines.push(
      `  - description: case ${t}`,
      `    vars: { input: "customer message number ${t}" }`,
      '    assert:',
      '      - type: is-json',
      '      - { type: javascript, value: "JSON.parse(output).intent === \'general\' && JSON.parse(output).confidence >= 0.5" }',
    );
  }
  writeFileSync(join(dir, 'promptfooconfig.yaml'), `${lines.join('\n')}\n`);
}

/** promptfoo's bin is a node script (then its peak RSS is measured like ours) or a binary. */
function command(bin) {
  const real = realpathSync(bin);
  const head = readFileSync(real, 'utf8').slice(0, 200);
  return /^#!.*\bnode\b/.test(head) || /\.(c|m)?js$/.test(real) ? [process.execPath, ['--import', rssReporter, real]] : [bin, []];
}

function runOnce(dir, concurrency, cached) {
  const [file, prefix] = command(peerInstalled());
  const rssFile = join(dir, 'rss');
  rmSync(rssFile, { force: true });
  const args = [
    ...prefix,
    'eval',
    '-c',
    join(dir, 'promptfooconfig.yaml'),
    '--max-concurrency',
    String(concurrency),
    '--no-progress-bar',
    '--no-write',
    '-o',
    join(dir, 'out.json'),
  ];
  if (!cached) args.push('--no-cache');
  const env = {
    ...process.env,
    PROMPTGATE_BENCH_RSS_FILE: rssFile,
    PROMPTFOO_CONFIG_DIR: join(dir, 'home'),
    PROMPTFOO_CACHE_PATH: join(dir, 'cache'),
    PROMPTFOO_DISABLE_TELEMETRY: '1',
    PROMPTFOO_DISABLE_UPDATE: '1',
    OPENAI_API_KEY: 'sk-bench',
  };
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(file, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      // promptfoo exits 100 when a test fails; anything else is a broken run.
      if (code !== 0 && code !== 100) return reject(new Error(`promptfoo exited with ${code}:\n${output.slice(-2000)}`));
      let rssMb;
      try {
        rssMb = Number(readFileSync(rssFile, 'utf8').split(' ')[0]) / 1024 / 1024;
      } catch {
        rssMb = undefined; // a native binary: no in-process reporter
      }
      resolve({ wallMs, rssMb });
    });
  });
}

/** Median of three timed runs; `cached` first fills promptfoo's cache (untimed), like our recordings. */
export async function runPeer({ work, tests, concurrency, baseURL, cached }) {
  writeConfig(work, tests, baseURL);
  if (cached) await runOnce(work, concurrency, true);
  const runs = [];
  for (let i = 0; i < 3; i += 1) runs.push(await runOnce(work, concurrency, cached));
  runs.sort((a, b) => a.wallMs - b.wallMs);
  const rss = runs.map((run) => run.rssMb).filter((value) => value !== undefined);
  return { wallS: runs[1].wallMs / 1000, rssMb: rss.length > 0 ? Math.max(...rss) : undefined };
}
