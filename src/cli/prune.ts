import { parseArgs } from 'node:util';
import { runEngine } from '../engine.js';
import { formatDiagnostic } from '../lib/diagnostics.js';
import type { StaleRecordings } from '../providers/types.js';
import { engineOptionsFrom } from './flags.js';
import type { CliIO } from './io.js';
import { printerFor } from './report.js';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * `promptgate prune [PATH...] [--check]`: replays every suite (no provider is called, no cache is
 * read) and keeps in each recordings.json only the answers some test still asks for: entries of
 * tests removed or changed, and runs beyond a lowered repeat count, go. With --check it writes
 * nothing and exits 1 when a file holds unused answers or a request has none recorded, the
 * check a CI step or a pre-commit hook runs.
 */
export async function pruneCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { check: { type: 'boolean' }, quiet: { type: 'boolean' } },
  });
  const check = values.check === true;
  // Replay only, and no cache: an answer found elsewhere would hide that the file lacks it.
  // The repeat count is promptgate.yaml's: a flag lowering it would drop recorded runs.
  const options = { ...(await engineOptionsFrom({ 'no-cache': true }, positionals, io, undefined)), responses: 'replay' as const };
  const outcome = await runEngine({ ...options, prune: check ? 'check' : 'write' });
  const print = printerFor(io);
  const { results } = outcome;
  for (const diagnostic of results.diagnostics) print(`error: ${formatDiagnostic(diagnostic)}`);

  const stale = (outcome.staleRecordings ?? []).filter((file) => unusedAnswers(file) > 0);
  for (const file of stale) print(describeStale(file, check));
  const missing = (results.calls?.head.missing ?? 0) + (results.calls?.judge.missing ?? 0);
  if (missing > 0) {
    print(
      `${plural(missing, 'request')} ha${missing === 1 ? 's' : 've'} no recorded answer: ` +
        'record them with promptgate test PATH --responses record (or auto)',
    );
  }
  if (!values.quiet) {
    const read = outcome.staleRecordings?.length ?? 0;
    const verb = check ? 'would remove' : 'removed';
    const answers = stale.reduce((sum, file) => sum + unusedAnswers(file), 0);
    print(`${plural(read, 'recordings file')} read, ${verb} ${plural(answers, 'unused answer')}`);
  }
  // A cancelled run prunes nothing; runCli exits 130 / 143.
  if (results.cancelled) return 1;
  // A folder that did not load (in part) is left as it is, and the run says it could not judge it.
  const unloaded = results.suites.filter(
    (suite) => suite.diagnostics?.length || suite.tests.some((test) => test.errorKind === 'invalid-input'),
  );
  for (const suite of unloaded) {
    const problems = [
      ...(suite.diagnostics ?? []).map(formatDiagnostic),
      ...suite.tests.filter((test) => test.errorKind === 'invalid-input').map((test) => test.error ?? test.name),
    ];
    for (const problem of new Set(problems)) print(`error: ${problem}`);
    print(`not pruned: ${suite.path} (a test could not load; fix it, then run prune again)`);
  }
  if (results.diagnostics.length > 0 || unloaded.length > 0) return 2;
  return check && (stale.length > 0 || missing > 0) ? 1 : 0;
}

const unusedAnswers = (file: StaleRecordings) => file.requestAnswers + file.extraRuns;

function describeStale(file: StaleRecordings, check: boolean): string {
  const parts = [
    file.requests > 0 ? `${plural(file.requestAnswers, 'answer')} to ${plural(file.requests, 'request')} no test makes` : '',
    file.extraRuns > 0 ? `${plural(file.extraRuns, 'run')} beyond the repeat count` : '',
  ];
  return `${file.path}: ${check ? 'holds' : 'removed'} ${parts.filter(Boolean).join(' and ')}`;
}
