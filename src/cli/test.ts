import { parseArgs } from 'node:util';
import { runEngine } from '../engine.js';
import { parseShard } from '../shard/plan.js';
import { engineOptionsFrom, RUN_OPTIONS } from './flags.js';
import type { CliIO } from './io.js';
import { report } from './report.js';

/** `promptgate test [PATH...]`: run, report, and exit with the gate's code. */
export async function testCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...RUN_OPTIONS, base: { type: 'string' }, shard: { type: 'string' } },
  });
  const options = await engineOptionsFrom(values, positionals, io, values.base ? '--base' : undefined);
  if (values.base) Object.assign(options, { baseRef: values.base, changedOnly: positionals.length === 0 });
  if (values.shard !== undefined) options.shard = parseShard(values.shard);
  let done = 0;
  const progress = io.stderrIsTTY && !values.quiet;
  if (progress) options.onTestDone = () => io.stderr(`\r${++done} tests done`);
  const outcome = await runEngine(options);
  if (progress && done > 0) io.stderr('\r\u001b[K');
  await report(outcome, values, io);
  return outcome.results.gate.exitCode;
}
